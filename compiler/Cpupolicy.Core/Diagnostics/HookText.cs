using System.Text;

namespace Cpupolicy.Core.Diagnostics;

/// <summary>
/// Makes text from the outside (VM names, XML values, error messages) safe for ONE log line: control characters
/// (a newline in a domain name would forge a second syslog line) become <c>?</c> and long values are cut.
/// </summary>
public static class HookText
{
    public const int MaxValueChars = 200;

    public static string Clean(string? text, int max = MaxValueChars)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(Math.Min(text.Length, max + 1));
        foreach (var c in text)
        {
            if (builder.Length >= max)
            {
                builder.Append('…');
                break;
            }

            builder.Append(char.IsControl(c) ? '?' : c);
        }

        return builder.ToString();
    }

    /// <summary>A list of names for a message: all of them up to a limit, then how many more.</summary>
    public static string List(IReadOnlyList<string> names, int max = 40)
    {
        var shown = names.Take(max).ToList();
        var rest = names.Count - shown.Count;
        return rest > 0 ? $"{string.Join(", ", shown)} and {rest} more" : string.Join(", ", shown);
    }
}
