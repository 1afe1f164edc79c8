using Cpupolicy.Core.Database.Schema;
using Cpupolicy.Generator.Sources;

namespace Cpupolicy.Generator;

/// <summary>
/// Builds <c>aarch64.json</c> from the Linux excerpts in <c>data/linux-6.x/</c>: every ordered field of the AA64 ID
/// registers, one feature per level above "not implemented" (named by its hwcap where Linux has one), each level
/// requiring the level below it, SVE fields requiring <c>sve</c> and SME fields <c>sme</c>; and the MIDR names, with
/// the vendor and model names libvirt gives them (<c>data/libvirt-9.0.0/cpu_map/arm_*.xml</c>: libvirt knows an
/// aarch64 CPU only as vendor + part number).
/// </summary>
public static class Arm64Builder
{
    public const string FileName = "aarch64.json";
    public const string Folder = "linux-6.x";
    public const string LibvirtMap = "libvirt-9.0.0/cpu_map";

    // Display names and policy vendors of the implementer macros of cputype.h (ARM_CPU_IMP_<KEY>).
    private static readonly Dictionary<string, (string Name, string? Vendor)> ImplementerNames = new(StringComparer.Ordinal)
    {
        ["ARM"] = ("ARM", "arm"),
        ["APM"] = ("APM", null),
        ["CAVIUM"] = ("Cavium", null),
        ["BRCM"] = ("Broadcom", null),
        ["QCOM"] = ("Qualcomm", null),
        ["NVIDIA"] = ("NVIDIA", null),
        ["FUJITSU"] = ("Fujitsu", null),
        ["HISI"] = ("HiSilicon", "hisilicon"),
        ["APPLE"] = ("Apple", null),
        ["AMPERE"] = ("Ampere", "ampere"),
        ["MICROSOFT"] = ("Microsoft", null),
    };

    // Part macros whose Linux name is not what admins and libvirt call the CPU.
    private static readonly Dictionary<string, string> PartNames = new(StringComparer.Ordinal)
    {
        ["HISI.TSV110"] = "Kunpeng-920 (TSV110)",
        ["AMPERE.AMPERE1"] = "AmpereOne",
        ["AMPERE.AMPERE1A"] = "AmpereOne-A",
    };

    public static Arm64File Build(string dataPath, TextWriter? log)
    {
        var folder = Path.Combine(dataPath, Folder);
        var sysregs = Arm64Source.ReadSysreg(File.ReadAllText(Path.Combine(folder, "sysreg-id-aa64.txt")));
        var (single, multi) = Arm64Source.ReadHwcaps(File.ReadAllText(Path.Combine(folder, "cpufeature-elf-hwcaps.txt")));
        var names = Arm64Source.ReadHwcapNames(File.ReadAllText(Path.Combine(folder, "cpuinfo-hwcap-str.txt")));
        var (imps, parts) = Arm64Source.ReadCputype(File.ReadAllText(Path.Combine(folder, "cputype-parts.txt")));

        string HwcapName(string kernel) => names.TryGetValue(kernel, out var n) ? n : kernel.ToLowerInvariant();

        var features = new List<Arm64FeatureRecord>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var reg in sysregs)
        {
            foreach (var field in reg.Fields)
            {
                var width = field.Msb - field.Lsb + 1;
                int Rank(int raw) => field.Signed && (raw & (1 << (width - 1))) != 0 ? raw - (1 << width) : raw;
                var absent = field.Signed ? -1 : 0;
                string? previous = null;
                var first = true;
                foreach (var level in field.Levels.OrderBy(l => Rank(l.Value)))
                {
                    // "not implemented" is no feature; an IMPLEMENTATION DEFINED value is not above the levels it follows.
                    if (Rank(level.Value) <= absent || level.Name is "NI" || level.Name.Replace("_", "", StringComparison.Ordinal) == "IMPDEF")
                    {
                        continue;
                    }

                    var hwcap = single.FirstOrDefault(h => h.Register == reg.Name && h.Field == field.Name && h.Level == level.Name);
                    var name = hwcap is not null
                        ? HwcapName(hwcap.Kernel)
                        : first ? $"{reg.Name}.{field.Name}" : $"{reg.Name}.{field.Name}.{level.Name}";
                    if (hwcap is not null)
                    {
                        used.Add(hwcap.Kernel);
                    }

                    var requires = new List<string>();
                    if (previous is not null)
                    {
                        requires.Add(previous);
                    }

                    if (reg.Name == "ID_AA64ZFR0_EL1" && previous is null)
                    {
                        requires.Add("sve");
                    }

                    if (reg.Name == "ID_AA64SMFR0_EL1" && previous is null)
                    {
                        requires.Add("sme");
                    }

                    features.Add(new Arm64FeatureRecord
                    {
                        Name = name,
                        Hwcap = hwcap is not null,
                        When = [new Arm64ConditionRecord(reg.Name, field.Name, Rank(level.Value), level.Name)],
                        Requires = requires,
                    });
                    previous = name;
                    first = false;
                }
            }
        }

        foreach (var (kernel, conditions) in multi.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            used.Add(kernel);
            features.Add(new Arm64FeatureRecord
            {
                Name = HwcapName(kernel),
                Hwcap = true,
                When = conditions.Select(c => new Arm64ConditionRecord(c.Register, c.Field, LevelValue(sysregs, c.Register, c.Field, c.Level), c.Level)).ToList(),
            });
        }

        var unmatched = single.Where(h => !used.Contains(h.Kernel)).Select(h => h.Kernel).ToList();
        if (unmatched.Count > 0)
        {
            throw new InvalidDataException($"hwcaps whose field level is not in sysreg-id-aa64.txt: {string.Join(' ', unmatched)}");
        }

        log?.WriteLine($"aarch64: hwcap names without a field level in the cpufeature.c excerpt (accepted as names only): {string.Join(' ', names.Keys.Where(k => !used.Contains(k)).Select(HwcapName))}");

        var (libvirtVendors, libvirtModels) = ReadLibvirtMap(Path.Combine(dataPath, LibvirtMap));
        string? LibvirtModel(int implementer, int part) =>
            libvirtVendors.TryGetValue(implementer, out var vendor)
                ? libvirtModels.FirstOrDefault(m => m.Vendor == vendor && m.Part == part).Name
                : null;

        var implementers = imps
            .Select(kv => new Arm64ImplementerRecord(
                kv.Value,
                ImplementerNames.TryGetValue(kv.Key, out var n) ? n.Name : kv.Key,
                ImplementerNames.TryGetValue(kv.Key, out var v) ? v.Vendor : null,
                parts.Where(p => p.Prefix == kv.Key || (kv.Key == "ARM" && p.Prefix == "ARM"))
                    .Select(p => new Arm64PartRecord(p.Part, PartNames.TryGetValue($"{p.Prefix}.{p.Name}", out var pn) ? pn : PartDisplay(p.Name), LibvirtModel(kv.Value, p.Part)))
                    .Concat(libvirtModels
                        .Where(m => libvirtVendors.GetValueOrDefault(kv.Value) == m.Vendor && !parts.Any(p => (p.Prefix == kv.Key) && p.Part == m.Part))
                        .Select(m => new Arm64PartRecord(m.Part, m.Name, m.Name)))
                    .OrderBy(p => p.Part)
                    .ToList(),
                libvirtVendors.GetValueOrDefault(kv.Value)))
            .Concat(libvirtVendors
                .Where(lv => !imps.ContainsValue(lv.Key))
                .Select(lv => new Arm64ImplementerRecord(
                    lv.Key,
                    lv.Value,
                    null,
                    libvirtModels.Where(m => m.Vendor == lv.Value).Select(m => new Arm64PartRecord(m.Part, m.Name, m.Name)).OrderBy(p => p.Part).ToList(),
                    lv.Value)))
            .OrderBy(i => i.Code)
            .ToList();

        var sources = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["linux"] = $"data/{Folder}: arch/arm64/tools/sysreg (AA64 ID registers), cpufeature.c arm64_elf_hwcaps[], cpuinfo.c hwcap_str[], cputype.h MIDR codes",
            ["libvirt"] = $"data/{LibvirtMap}: arm_vendors.xml and the arm_<model>.xml files (libvirt's aarch64 vendor and model names)",
        };
        var registers = sysregs.Select(r => new Arm64RegisterRecord(r.Name, r.Encoding, r.Fields)).ToList();
        return new Arm64File(DatabaseGenerator.Comment, sources, registers, features, implementers);
    }

    /// <summary>libvirt's aarch64 map: vendor name by implementer code, and each model's name, vendor and part (<c>pvr</c>).</summary>
    private static (Dictionary<int, string> Vendors, List<(string Name, string Vendor, int Part)> Models) ReadLibvirtMap(string folder)
    {
        static int Hex(string text) => Convert.ToInt32(text, 16);
        var vendors = System.Xml.Linq.XDocument.Load(Path.Combine(folder, "arm_vendors.xml")).Root!.Elements("vendor")
            .ToDictionary(v => Hex((string)v.Attribute("value")!), v => (string)v.Attribute("name")!);
        var models = Directory.GetFiles(folder, "arm_*.xml")
            .Where(f => Path.GetFileName(f) is not ("arm_vendors.xml" or "arm_features.xml"))
            .Order(StringComparer.Ordinal)
            .SelectMany(f => System.Xml.Linq.XDocument.Load(f).Root!.Elements("model"))
            .Select(m => ((string)m.Attribute("name")!, (string)m.Element("vendor")!.Attribute("name")!, Hex((string)m.Element("pvr")!.Attribute("value")!)))
            .ToList();
        return (vendors, models);
    }

    private static int LevelValue(List<Arm64Source.Sysreg> sysregs, string register, string field, string level) =>
        sysregs.First(r => r.Name == register).Fields.First(f => f.Name == field).Levels.First(l => l.Name == level).Value;

    private static string PartDisplay(string macro)
    {
        var words = macro.Split('_');
        return words[0] is "CORTEX" or "NEOVERSE"
            ? $"{words[0][0]}{words[0][1..].ToLowerInvariant()}-{string.Join('-', words[1..])}"
            : string.Join('-', words);
    }
}
