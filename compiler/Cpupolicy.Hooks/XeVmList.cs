using Cpupolicy.Core.Diagnostics;
using System.Text.RegularExpressions;

namespace Cpupolicy.Hooks;

/// <summary>
/// Parses what <c>xe vm-list params=uuid,name-label</c> prints: one record per VM, records separated by blank lines,
/// each field on its own line as <c>NAME ( RO): VALUE</c> with the field name padded to a common width and the access
/// tag one of <c>( RO)</c>, <c>( RW)</c>, <c>(MRO)</c>, <c>(MRW)</c>, <c>(SRO)</c>, <c>(SRW)</c>
/// (xen-api cli_printer.ml <c>multi_line_record</c>). The non-minimal form is used because <c>--minimal</c> prints
/// only the first field of each record and would lose the names.
/// </summary>
public static partial class XeVmList
{
    public static readonly IReadOnlyList<string> HaltedVmsArguments =
        ["vm-list", "power-state=halted", "is-control-domain=false", "is-a-snapshot=false", "is-a-template=false", "params=uuid,name-label"];

    public static IReadOnlyList<XapiVm> Parse(string output)
    {
        var vms = new List<XapiVm>();
        string? uuid = null, name = null;
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0)
            {
                Flush();
                continue;
            }

            var match = Field().Match(line);
            if (!match.Success)
            {
                throw XeClient.Failed($"`xe vm-list` printed a line that is not `NAME ( RO): VALUE`: `{HookText.Clean(line, 120)}`", null);
            }

            var value = match.Groups["value"].Value;
            switch (match.Groups["key"].Value)
            {
                case "uuid":
                    if (uuid is not null)
                    {
                        Flush();
                    }

                    uuid = value;
                    break;
                case "name-label":
                    name = value;
                    break;
            }
        }

        Flush();
        return vms;

        void Flush()
        {
            if (uuid is not null)
            {
                vms.Add(new XapiVm(uuid, name ?? string.Empty));
            }

            uuid = null;
            name = null;
        }
    }

    // Backtracking (source-generated, no start-up cost) on the hook path. Linear: blanks are spaces and tabs only (a `\s*` after `^` could run across every following blank line), and each part ends at a character the next cannot start with.
    [GeneratedRegex(@"^[ \t]*(?<key>[A-Za-z0-9_-]+) \((?: |M|S)R[OW]\)[ \t]*: ?(?<value>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Field();
}
