using Cpupolicy.Compiler.IO;

namespace Cpupolicy.Compiler.Hooks;

/// <summary>
/// A uid's login name for a message (<c>alice (uid 1000)</c>), from <c>/etc/passwd</c>; read only when a problem is
/// reported, bounded, and never an error (an unknown uid is shown as its number).
/// </summary>
public static class UserNames
{
    public static string Of(uint uid)
    {
        try
        {
            var bytes = InputFile.ReadAtMost("/etc/passwd", 4L * 1024 * 1024);
            if (bytes is not null)
            {
                foreach (var line in System.Text.Encoding.UTF8.GetString(bytes).Split('\n'))
                {
                    var fields = line.Split(':');
                    if (fields.Length > 2 && uint.TryParse(fields[2], out var id) && id == uid)
                    {
                        return $"{HookText.Clean(fields[0], 64)} (uid {uid})";
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No names: the number alone.
        }

        return $"uid {uid}";
    }

    /// <summary>The name alone, for a <c>chown</c> command (the number when the name is unknown).</summary>
    public static string NameOf(uint uid)
    {
        var text = Of(uid);
        var space = text.IndexOf(" (uid", StringComparison.Ordinal);
        return space > 0 ? text[..space] : uid.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
