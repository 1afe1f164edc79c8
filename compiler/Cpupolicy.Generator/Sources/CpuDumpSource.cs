using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Cpupolicy.Generator.Sources;

/// <summary>
/// The raw dumps <c>x86_64-cpuid-&lt;CPU&gt;.xml</c> of libvirt's cputestdata (real CPUs). The derived files of the
/// same CPU (-enabled, -disabled, -guest, -host, -json) are libvirt/QEMU results, not hardware, and are skipped.
/// </summary>
public static partial class CpuDumpSource
{
    private static readonly string[] DerivedSuffixes = ["-enabled", "-disabled", "-guest", "-host", "-json"];

    public static IReadOnlyList<CpuDump> Load(string dir)
    {
        var result = new List<CpuDump>();
        foreach (var path in Directory.GetFiles(dir, "x86_64-cpuid-*.xml").Order(StringComparer.Ordinal))
        {
            var stem = Path.GetFileNameWithoutExtension(path);
            if (DerivedSuffixes.Any(s => stem.EndsWith(s, StringComparison.Ordinal)) || !RawDump().IsMatch(stem))
            {
                continue;
            }

            var root = XDocument.Load(path).Root!;
            if (root.Name != "cpudata")
            {
                continue;
            }

            var cpuid = new Dictionary<(uint, uint), uint[]>();
            foreach (var c in root.Elements("cpuid"))
            {
                var key = (Hex(c, "eax_in"), Hex(c, "ecx_in"));
                cpuid[key] = [Hex(c, "eax"), Hex(c, "ebx"), Hex(c, "ecx"), Hex(c, "edx")];
            }

            var msrs = new Dictionary<uint, ulong>();
            foreach (var m in root.Elements("msr"))
            {
                msrs[Hex(m, "index")] = ((ulong)Hex(m, "edx") << 32) | Hex(m, "eax");
            }

            result.Add(new CpuDump(stem["x86_64-cpuid-".Length..], cpuid, msrs));
        }

        return result;
    }

    private static uint Hex(XElement e, string attribute)
    {
        var text = (string?)e.Attribute(attribute) ?? "0";
        return uint.Parse(text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^x86_64-cpuid-[^+]+$")]
    private static partial Regex RawDump();
}
