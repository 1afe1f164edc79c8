using System.Text.RegularExpressions;

namespace Cpupolicy.Lsp.Analysis;

/// <summary>
/// The names a text declares, found line by line: while a line is half typed the file does not parse, and completion
/// must still offer the hosts, pools and profiles declared on the other lines.
/// </summary>
public static partial class DeclarationScanner
{
    public static IEnumerable<(string Kind, string Name)> Scan(string text) =>
        Declaration().Matches(text).Select(m => (m.Groups["kind"].Value, m.Groups["name"].Value));

    [GeneratedRegex(@"^[ \t]*(?<kind>host|pool|profile)[ \t]+(?<name>[A-Za-z_][A-Za-z0-9_.-]*)", RegexOptions.Multiline)]
    private static partial Regex Declaration();
}
