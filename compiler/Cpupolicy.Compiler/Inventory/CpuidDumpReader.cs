using System.Text.RegularExpressions;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Inventory;

/// <summary>
/// Reads <c>cpuid -r</c> output (Debian package <c>cpuid</c>):
/// <code>
/// CPU 0:
///    0x00000007 0x00: eax=0x00000000 ebx=0x029c6fbf ecx=0x40000000 edx=0x9c000000
/// </code>
/// With <c>-1</c> the header is <c>CPU:</c>; without it every logical CPU follows under <c>CPU n:</c> and only the
/// first is read (the others are the same package, and a policy needs one view of it).
/// </summary>
public static partial class CpuidDumpReader
{
    private const uint ExtendedBase = 0x8000_0000;

    private static readonly string[] RegisterNames = ["eax", "ebx", "ecx", "edx"];

    /// <summary>Whether a line looks like a <c>cpuid -r</c> leaf line (used for format detection).</summary>
    public static bool IsLeafLine(string line) => LeafLine().IsMatch(line);

    public static HostCapability Parse(string text, string path, InventoryOptions options)
    {
        var builder = new CpuidDumpBuilder(path);
        var cpuHeaders = 0;
        var lastLine = 0;
        foreach (var line in SourceLine.Split(text))
        {
            lastLine = line.Number;
            var trimmed = line.Text.Trim();
            if (trimmed.Length == 0)
            {
                continue;
            }

            if (CpuHeader().IsMatch(trimmed))
            {
                // The second CPU header ends CPU 0; everything after it belongs to other logical CPUs.
                if (++cpuHeaders > 1)
                {
                    break;
                }

                continue;
            }

            var leaf = ParseLeafLine(line, path);
            builder.Add(leaf, message => InventoryErrors.At(DiagnosticCatalog.CpuidLeafConflict, path, line.Number, line.FirstColumn, message));
        }

        var dump = builder.Build("CPUID dump");
        CheckComplete(dump, path, lastLine);
        return CpuidCapability.From(dump, path, InventoryFormat.CpuidDump, options.FeatureDb);
    }

    /// <summary>
    /// A cut-off dump must not read as a CPU with fewer features. <c>cpuid -r</c> prints the basic leaves, then the
    /// extended ones, and every x86-64 CPU has extended leaves 0x80000000 to 0x80000008; so a dump that lacks one of
    /// those (up to its own highest extended leaf) lost its tail.
    /// </summary>
    private static void CheckComplete(CpuidDump dump, string path, int lastLine)
    {
        uint? missing = dump.Find(ExtendedBase, 0) is { } head
            ? Enumerable.Range(1, 8).Select(i => ExtendedBase + (uint)i).Where(l => l <= head.Eax).Cast<uint?>().FirstOrDefault(l => dump.Find(l!.Value, 0) is null)
            : ExtendedBase;
        if (missing is { } leaf)
        {
            throw InventoryErrors.At(
                DiagnosticCatalog.CpuidDumpIncomplete,
                path,
                lastLine + 1,
                1,
                $"the dump ends without extended leaf 0x{leaf:x8}, which `cpuid -r` always prints: it was cut off",
                "save the whole output of `cpuid -r -1` again");
        }
    }

    private static CpuidLeaf ParseLeafLine(SourceLine line, string path)
    {
        var tokens = line.Tokens();
        DiagnosticException Bad(int index, string expected)
        {
            var (column, found) = index < tokens.Count ? (tokens[index].Column, $"`{tokens[index].Text}`") : (line.Text.Length + 1, "the end of the line");
            return InventoryErrors.At(
                DiagnosticCatalog.CpuidDumpSyntax,
                path,
                line.Number,
                column,
                $"expected {expected} but found {found}",
                "a `cpuid -r` line reads `0x00000007 0x00: eax=0x00000000 ebx=0x029c6fbf ecx=0x40000000 edx=0x9c000000`; a short value means the file was cut off");
        }

        if (tokens.Count < 1 || !HexNumber.TryParsePrefixed(tokens[0].Text, 8, 8, out var leaf))
        {
            throw Bad(0, "a leaf such as `0x00000007`");
        }

        if (tokens.Count < 2 || !tokens[1].Text.EndsWith(':') || !HexNumber.TryParsePrefixed(tokens[1].Text.AsSpan(0, tokens[1].Text.Length - 1), 1, 8, out var subleaf))
        {
            throw Bad(1, "a subleaf such as `0x00:`");
        }

        var registers = new uint[4];
        for (var r = 0; r < 4; r++)
        {
            var index = 2 + r;
            var prefix = RegisterNames[r] + "=";
            if (index >= tokens.Count
                || !tokens[index].Text.StartsWith(prefix, StringComparison.Ordinal)
                || !HexNumber.TryParsePrefixed(tokens[index].Text.AsSpan(prefix.Length), 8, 8, out var value))
            {
                throw Bad(index, $"`{prefix}0x` and 8 hex digits");
            }

            registers[r] = (uint)value;
        }

        if (tokens.Count > 6)
        {
            throw Bad(6, "the end of the line");
        }

        return new CpuidLeaf((uint)leaf, (uint)subleaf, registers[0], registers[1], registers[2], registers[3]);
    }

    [GeneratedRegex(@"^CPU(\s+\d+)?:$", RegexOptions.NonBacktracking)]
    private static partial Regex CpuHeader();

    [GeneratedRegex(@"^\s*0x[0-9a-fA-F]{8}\s+0x[0-9a-fA-F]+:\s+eax=0x", RegexOptions.NonBacktracking)]
    private static partial Regex LeafLine();
}
