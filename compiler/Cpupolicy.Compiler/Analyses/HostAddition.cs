namespace Cpupolicy.Compiler.Analyses;

/// <summary>A host <c>plan --add</c> brings in: its policy name, and the inventory file it is read from.</summary>
public sealed record HostAddition(string Name, string Path)
{
    /// <summary>
    /// Parses <c>NAME=FILE</c> or <c>FILE</c>; a bare file is named after its file name, made a valid policy name
    /// (<c>[A-Za-z_][A-Za-z0-9_.-]*</c>).
    /// </summary>
    public static HostAddition Parse(string value)
    {
        var eq = value.IndexOf('=', StringComparison.Ordinal);
        if (eq > 0 && !File.Exists(value))
        {
            return new HostAddition(value[..eq], value[(eq + 1)..]);
        }

        var stem = System.IO.Path.GetFileNameWithoutExtension(value);
        var chars = stem.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' ? c : '-').ToArray();
        var name = new string(chars);
        return new HostAddition(name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') ? name : "host-" + name, value);
    }
}
