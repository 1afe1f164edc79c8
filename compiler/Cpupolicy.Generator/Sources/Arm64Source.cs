using System.Globalization;
using System.Text.RegularExpressions;
using Cpupolicy.Core.Database.Schema;

namespace Cpupolicy.Generator.Sources;

/// <summary>
/// Reads the Linux excerpts in <c>data/linux-6.x/</c>: the ID-register blocks of <c>arch/arm64/tools/sysreg</c>, the
/// <c>arm64_elf_hwcaps[]</c> table of <c>cpufeature.c</c>, <c>hwcap_str[]</c> of <c>cpuinfo.c</c> and the MIDR codes of
/// <c>cputype.h</c>.
/// </summary>
public static partial class Arm64Source
{
    public sealed record Hwcap(string Kernel, string Register, string Field, string Level);

    public sealed record Sysreg(string Name, string Encoding, List<Arm64FieldRecord> Fields);

    public static List<Sysreg> ReadSysreg(string text)
    {
        var result = new List<Sysreg>();
        Sysreg? current = null;
        (string Name, int Msb, int Lsb, bool Signed, List<Arm64LevelRecord> Levels)? field = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Split('#')[0].Trim();
            var parts = line.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0)
            {
                continue;
            }

            switch (parts[0])
            {
                case "Sysreg":
                    current = new Sysreg(parts[1], $"S{parts[2]}_{parts[3]}_C{parts[4]}_C{parts[5]}_{parts[6]}", []);
                    result.Add(current);
                    break;
                case "EndSysreg":
                    current = null;
                    break;
                case "UnsignedEnum" or "SignedEnum":
                    var (msb, lsb) = Bits(parts[1]);
                    field = (parts[2], msb, lsb, parts[0] == "SignedEnum", []);
                    break;
                case "EndEnum":
                    if (field is { } f && current is not null)
                    {
                        current.Fields.Add(new Arm64FieldRecord(f.Name, f.Msb, f.Lsb, f.Signed, f.Levels));
                    }

                    field = null;
                    break;
                default:
                    if (field is { } open && parts[0].StartsWith("0b", StringComparison.Ordinal) && parts.Length > 1)
                    {
                        var value = Convert.ToInt32(parts[0][2..], 2);
                        // A repeated value (SMEver lists 0b0000 twice) keeps its first name.
                        if (open.Levels.All(l => l.Value != value))
                        {
                            open.Levels.Add(new Arm64LevelRecord(value, parts[1]));
                        }
                    }

                    break;
            }
        }

        return result;
    }

    /// <summary>The single-field hwcaps, and the any-of lists of the pointer-authentication hwcaps.</summary>
    public static (List<Hwcap> Single, Dictionary<string, List<(string Register, string Field, string Level)>> Multi) ReadHwcaps(string text)
    {
        var single = HwcapCap().Matches(text).Select(m => new Hwcap(m.Groups[4].Value, m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value)).ToList();
        var multi = new Dictionary<string, List<(string, string, string)>>(StringComparer.Ordinal);
        foreach (Match m in MultiCap().Matches(text))
        {
            var list = m.Groups[1].Value;
            var start = text.IndexOf($"{list}[] = {{", StringComparison.Ordinal);
            var end = text.IndexOf("};", start, StringComparison.Ordinal);
            multi[m.Groups[2].Value] = CpuidMatch().Matches(text[start..end]).Select(c => (c.Groups[1].Value, c.Groups[2].Value, c.Groups[3].Value)).ToList();
        }

        return (single, multi);
    }

    /// <summary>KERNEL_HWCAP_X to the name /proc/cpuinfo prints.</summary>
    public static Dictionary<string, string> ReadHwcapNames(string text) =>
        HwcapStr().Matches(text).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);

    /// <summary>Implementer macros (ARM_CPU_IMP_HISI = 0x48) and parts by prefix (HISI_CPU_PART_TSV110 = 0xD01).</summary>
    public static (Dictionary<string, int> Implementers, List<(string Prefix, string Name, int Part)> Parts) ReadCputype(string text)
    {
        var imps = CpuImp().Matches(text).ToDictionary(m => m.Groups[1].Value, m => Hex(m.Groups[2].Value), StringComparer.Ordinal);
        var parts = CpuPart().Matches(text).Select(m => (m.Groups[1].Value, m.Groups[2].Value, Hex(m.Groups[3].Value))).ToList();
        return (imps, parts);
    }

    private static int Hex(string s) => int.Parse(s[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private static (int Msb, int Lsb) Bits(string s)
    {
        var p = s.Split(':');
        var msb = int.Parse(p[0], CultureInfo.InvariantCulture);
        return (msb, p.Length > 1 ? int.Parse(p[1], CultureInfo.InvariantCulture) : msb);
    }

    [GeneratedRegex(@"^\s*HWCAP_CAP\((\w+), (\w+), (\w+), CAP_HWCAP, KERNEL_HWCAP_(\w+)\)", RegexOptions.Multiline | RegexOptions.NonBacktracking)]
    private static partial Regex HwcapCap();

    [GeneratedRegex(@"^\s*HWCAP_MULTI_CAP\((\w+), CAP_HWCAP, KERNEL_HWCAP_(\w+)\)", RegexOptions.Multiline | RegexOptions.NonBacktracking)]
    private static partial Regex MultiCap();

    [GeneratedRegex(@"HWCAP_CPUID_MATCH\((\w+), (\w+), (\w+)\)", RegexOptions.NonBacktracking)]
    private static partial Regex CpuidMatch();

    [GeneratedRegex(@"\[KERNEL_HWCAP_(\w+)\]\s*= ""(\w+)""", RegexOptions.NonBacktracking)]
    private static partial Regex HwcapStr();

    [GeneratedRegex(@"^#define ARM_CPU_IMP_(\w+)\s+(0x[0-9A-Fa-f]+)", RegexOptions.Multiline | RegexOptions.NonBacktracking)]
    private static partial Regex CpuImp();

    [GeneratedRegex(@"^#define (\w+)_CPU_PART_(\w+)\s+(0x[0-9A-Fa-f]+)", RegexOptions.Multiline | RegexOptions.NonBacktracking)]
    private static partial Regex CpuPart();
}
