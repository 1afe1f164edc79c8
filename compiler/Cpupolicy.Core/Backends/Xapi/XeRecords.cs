using System.Text.RegularExpressions;

namespace Cpupolicy.Core.Backends.Xapi;

/// <summary>
/// The records of a non-minimal <c>xe *-list</c>: separated by blank lines (or by the next <c>uuid</c>), one field per
/// line as <c>NAME ( RO): VALUE</c> with the name padded to a common width and the access tag one of <c>( RO)</c>,
/// <c>( RW)</c>, <c>(MRO)</c>, <c>(MRW)</c>, <c>(SRO)</c>, <c>(SRW)</c> (xen-api cli_printer.ml <c>multi_line_record</c>).
/// The one reader of that format: the XAPI hook's VM list and the live analyses' resident VMs.
/// </summary>
public static partial class XeRecords
{
    /// <param name="badLine">the exception for a line that is not a field (it gets the line).</param>
    public static IEnumerable<Dictionary<string, string>> Parse(string output, Func<string, Exception> badLine)
    {
        var current = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0)
            {
                if (current.Count > 0)
                {
                    yield return current;
                    current = new Dictionary<string, string>(StringComparer.Ordinal);
                }

                continue;
            }

            var match = Field().Match(line);
            if (!match.Success)
            {
                throw badLine(line);
            }

            var key = match.Groups["key"].Value;
            if (key == "uuid" && current.ContainsKey("uuid"))
            {
                yield return current;
                current = new Dictionary<string, string>(StringComparer.Ordinal);
            }

            current[key] = match.Groups["value"].Value;
        }

        if (current.Count > 0)
        {
            yield return current;
        }
    }

    // Backtracking (source-generated, no start-up cost) on the hook path. Linear: blanks are spaces and tabs only (a `\s*` after `^` could run across every following blank line), and each part ends at a character the next cannot start with.
    [GeneratedRegex(@"^[ \t]*(?<key>[A-Za-z0-9_-]+) \((?: |M|S)R[OW]\)[ \t]*: ?(?<value>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Field();
}
