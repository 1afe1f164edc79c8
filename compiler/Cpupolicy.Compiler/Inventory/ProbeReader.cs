using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Inventory;

/// <summary>
/// Reads the probe format: what the probe guest prints on its serial console, and what an admin can write by hand.
/// <code>
/// cpupolicy-probe v1
/// # comments and blank lines are allowed between the header and `end`
/// cpuid 00000007 00000000 00000000 029c6fbf 40000000 9c000000
/// msr 0000010a 000000000000006b
/// end
/// </code>
/// <list type="bullet">
/// <item><c>cpuid LEAF SUBLEAF EAX EBX ECX EDX</c>: six fields of exactly 8 hex digits, no <c>0x</c>; SUBLEAF is
/// 00000000 for leaves without subleaves.</item>
/// <item><c>msr INDEX VALUE</c>: INDEX 8 hex digits, VALUE the whole 64-bit register as 16 hex digits.</item>
/// <item><c>end</c> closes the dump; without it the output was cut off (a guest that crashed or a console that
/// dropped characters), which is an error rather than a silently smaller CPU.</item>
/// </list>
/// Lines before the header (firmware and kernel messages on the console) and after <c>end</c> are ignored.
/// Fixed widths are deliberate: a dropped character changes a field's length and is caught.
/// </summary>
public static class ProbeReader
{
    public const string Header = "cpupolicy-probe v1";

    private const string HeaderPrefix = "cpupolicy-probe";

    /// <summary>Whether some line is a probe header (of any version, so a wrong version gets a clear error).</summary>
    public static bool Looks(string text) =>
        SourceLine.Split(text).Any(l => l.Text.Trim().StartsWith(HeaderPrefix, StringComparison.Ordinal));

    public static HostCapability Parse(string text, string path, InventoryOptions options)
    {
        var builder = new CpuidDumpBuilder(path);
        var started = false;
        var lastLine = 0;
        foreach (var line in SourceLine.Split(text))
        {
            lastLine = line.Number;
            var trimmed = line.Text.Trim();
            if (!started)
            {
                if (trimmed.StartsWith(HeaderPrefix, StringComparison.Ordinal))
                {
                    if (trimmed != Header)
                    {
                        throw InventoryErrors.At(
                            DiagnosticCatalog.ProbeSyntax,
                            path,
                            line.Number,
                            line.FirstColumn,
                            $"`{trimmed}` is not a probe format this cpupolicy reads",
                            $"the header must be `{Header}`");
                    }

                    started = true;
                }

                continue;
            }

            if (trimmed.Length == 0 || trimmed.StartsWith('#'))
            {
                continue;
            }

            if (trimmed == "end")
            {
                return CpuidCapability.From(builder.Build("probe output"), path, InventoryFormat.Probe, options.FeatureDb);
            }

            var tokens = line.Tokens();
            DiagnosticException Conflict(string message) => InventoryErrors.At(DiagnosticCatalog.CpuidLeafConflict, path, line.Number, line.FirstColumn, message);
            switch (tokens[0].Text)
            {
                case "cpuid":
                    var fields = Fields(line, tokens, 6, path, "cpuid LEAF SUBLEAF EAX EBX ECX EDX", _ => 8);
                    builder.Add(new CpuidLeaf((uint)fields[0], (uint)fields[1], (uint)fields[2], (uint)fields[3], (uint)fields[4], (uint)fields[5]), Conflict);
                    break;
                case "msr":
                    var msr = Fields(line, tokens, 2, path, "msr INDEX VALUE", i => i == 0 ? 8 : 16);
                    builder.Add(new MsrValue((uint)msr[0], msr[1]), Conflict);
                    break;
                default:
                    throw InventoryErrors.At(
                        DiagnosticCatalog.ProbeSyntax,
                        path,
                        line.Number,
                        tokens[0].Column,
                        $"`{tokens[0].Text}` is not a probe line",
                        "probe lines start with `cpuid`, `msr` or `end`");
            }
        }

        if (!started)
        {
            throw InventoryErrors.File(DiagnosticCatalog.ProbeSyntax, path, $"no `{Header}` header line", "the probe output starts with its header line");
        }

        throw InventoryErrors.At(
            DiagnosticCatalog.ProbeTruncated,
            path,
            lastLine + 1,
            1,
            "the probe output ends without its `end` line, so it was cut off",
            "run the probe again and capture the whole serial output");
    }

    private static ulong[] Fields(SourceLine line, IReadOnlyList<(string Text, int Column)> tokens, int count, string path, string shape, Func<int, int> width)
    {
        var values = new ulong[count];
        for (var i = 0; i < count; i++)
        {
            var digits = width(i);
            if (i + 1 >= tokens.Count || !HexNumber.TryParse(tokens[i + 1].Text, digits, digits, out values[i]))
            {
                var (column, found) = i + 1 < tokens.Count ? (tokens[i + 1].Column, $"`{tokens[i + 1].Text}`") : (line.Text.Length + 1, "the end of the line");
                throw InventoryErrors.At(
                    DiagnosticCatalog.ProbeSyntax,
                    path,
                    line.Number,
                    column,
                    $"expected {digits} hex digits (no `0x`) but found {found}",
                    $"the line reads `{shape}`");
            }
        }

        if (tokens.Count > count + 1)
        {
            throw InventoryErrors.At(DiagnosticCatalog.ProbeSyntax, path, line.Number, tokens[count + 1].Column, $"unexpected `{tokens[count + 1].Text}` after the last field", $"the line reads `{shape}`");
        }

        return values;
    }
}
