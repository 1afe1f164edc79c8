using System.Globalization;
using System.Text.RegularExpressions;
using Cpupolicy.Core.Database;

namespace Cpupolicy.Generator.Sources;

/// <summary>
/// Linux's /proc/cpuinfo names from <c>arch/x86/include/asm/cpufeatures.h</c>. A feature's word is mapped to a
/// CPUID leaf/register through <c>enum cpuid_leafs</c> in <c>cpufeature.h</c> (<c>CPUID_7_0_EBX</c>, ...), which
/// names every word exactly (the comments of cpufeatures.h omit some registers and some words);
/// the Linux-defined words (<c>CPUID_LNX_*</c>: synthetic and scattered bits) have no coordinate and are skipped.
/// </summary>
public static partial class LinuxSource
{
    /// <summary>The newest installed <c>/usr/src/linux-headers-*-common/arch/x86/include/asm</c>, or null.</summary>
    public static string? FindInstalledHeaders()
    {
        if (!Directory.Exists("/usr/src"))
        {
            return null;
        }

        return Directory.GetDirectories("/usr/src", "linux-headers-*-common")
            .Select(d => Path.Combine(d, "arch", "x86", "include", "asm"))
            .Where(d => File.Exists(Path.Combine(d, "cpufeatures.h")))
            .OrderBy(d => d, StringComparer.Ordinal)
            .LastOrDefault();
    }

    /// <summary>"6.1" from ".../linux-headers-6.1.0-56-common/...": the kernel series the names come from.</summary>
    public static string Release(string asmDir)
    {
        var m = KernelVersion().Match(asmDir);
        return m.Success ? m.Groups[1].Value : "unknown";
    }

    public static IReadOnlyList<LinuxFeature> Load(string asmDir)
    {
        var words = ParseWords(File.ReadAllText(Path.Combine(asmDir, "cpufeature.h")));
        var result = new List<LinuxFeature>();
        foreach (var line in File.ReadLines(Path.Combine(asmDir, "cpufeatures.h")))
        {
            var m = FeatureDefine().Match(line);
            if (!m.Success)
            {
                continue;
            }

            var word = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            var bit = int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
            if (!words.TryGetValue(word, out var at))
            {
                continue;
            }

            var comment = m.Groups[4].Success ? m.Groups[4].Value.Trim() : string.Empty;
            var macro = m.Groups[1].Value;
            string? name = macro.ToLowerInvariant();
            var q = QuotedName().Match(comment);
            if (q.Success)
            {
                // `/* "name" ... */` overrides the macro name; `""` hides the flag from /proc/cpuinfo.
                name = q.Groups[1].Value.Length == 0 ? null : q.Groups[1].Value;
                comment = comment[q.Length..].Trim();
            }

            result.Add(new LinuxFeature(macro, name, comment, at(bit)));
        }

        return result;
    }

    /// <summary><c>enum cpuid_leafs</c>: word index → bit → coordinate, for the CPUID-backed words only.</summary>
    private static Dictionary<int, Func<int, Coordinate>> ParseWords(string header)
    {
        var body = EnumBody().Match(header);
        if (!body.Success)
        {
            throw new InvalidDataException("cpufeature.h has no `enum cpuid_leafs`");
        }

        var result = new Dictionary<int, Func<int, Coordinate>>();
        var index = 0;
        foreach (Match e in EnumMember().Matches(body.Groups[1].Value))
        {
            if (e.Groups[2].Success)
            {
                index = int.Parse(e.Groups[2].Value, CultureInfo.InvariantCulture);
            }

            var parts = e.Groups[1].Value.Split('_');
            if (parts[0] != "CPUID" || parts.Length < 3 || parts[1] == "LNX" || parts[1] == "NR")
            {
                index++;
                continue;
            }

            // CPUID_<leaf>[_<subleaf>]_<REG>, where an extended leaf is written in two halves: 8000_0001.
            var reg = Enum.Parse<CpuidRegister>(parts[^1], ignoreCase: true);
            var inner = parts[1..^1];
            uint leaf;
            uint? subleaf = null;
            if (inner[0].Length == 4 && inner.Length >= 2)
            {
                leaf = uint.Parse(inner[0] + inner[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                subleaf = inner.Length > 2 ? uint.Parse(inner[2], NumberStyles.HexNumber, CultureInfo.InvariantCulture) : null;
            }
            else
            {
                leaf = uint.Parse(inner[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                subleaf = inner.Length > 1 ? uint.Parse(inner[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture) : null;
            }

            result[index] = bit => Coordinate.Cpuid(leaf, subleaf, reg, bit);
            index++;
        }

        return result;
    }

    [GeneratedRegex(@"^#define\s+X86_FEATURE_(\w+)\s+\(\s*(\d+)\s*\*\s*32\s*\+\s*(\d+)\s*\)\s*(?:/\*(.*?)\*/)?")]
    private static partial Regex FeatureDefine();

    [GeneratedRegex("^\"([^\"]*)\"")]
    private static partial Regex QuotedName();

    [GeneratedRegex(@"enum\s+cpuid_leafs\s*\{([^}]*)\}")]
    private static partial Regex EnumBody();

    [GeneratedRegex(@"\b([A-Z][A-Z0-9_]*)\s*(?:=\s*(\d+))?\s*,?")]
    private static partial Regex EnumMember();

    [GeneratedRegex(@"linux-headers-(\d+\.\d+)")]
    private static partial Regex KernelVersion();
}
