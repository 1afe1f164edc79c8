using System.Text.Json;
using Cpupolicy.Core.Database.Schema;

namespace Cpupolicy.Core.Database.Arm64;

/// <summary>
/// The aarch64 feature database, loaded from the generated <c>Data/aarch64.json</c> (Linux's ID-register field
/// descriptions, hwcap table and MIDR names): ordered fields with their levels, one feature per level, implementers
/// and parts. Names are looked up case-insensitively; hwcap names win over field names.
/// </summary>
public sealed class Arm64Database
{
    private static readonly Lazy<Arm64Database> DefaultLazy = new(() => Load(OpenResource()));

    private const string ResourceName = "Cpupolicy.Data.aarch64.json";

    private readonly Dictionary<string, Arm64Feature> byName;
    private readonly Dictionary<string, Arm64Field> fieldsByKey;
    private readonly Dictionary<int, Arm64ImplementerRecord> implementers;

    private Arm64Database(Arm64File file)
    {
        Sources = file.Sources;
        Registers = file.Registers.Select(r => r.Name).ToList();
        Encodings = file.Registers.ToDictionary(r => r.Name, r => r.Encoding, StringComparer.Ordinal);
        Fields = file.Registers
            .SelectMany(r => r.Fields.Select(f => new Arm64Field(r.Name, f.Name, f.Msb, f.Lsb, f.Signed, f.Levels.Select(l => new Arm64Level(l.Value, l.Name)).ToList())))
            .ToList();
        fieldsByKey = Fields.ToDictionary(f => f.Key, StringComparer.OrdinalIgnoreCase);
        Features = file.Features.Select((r, i) => new Arm64Feature(
            i,
            r.Name,
            r.Hwcap,
            r.When.Select(c => new Arm64Condition(fieldsByKey[$"{c.Register}.{c.Field}"], c.Level)).ToList(),
            r.Requires)).ToList();
        byName = Features.ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);
        implementers = file.Implementers.ToDictionary(i => i.Code);
        foreach (var f in Features)
        {
            f.RequiresAll = Closure(f);
        }

        All = FeatureSet.Of(Features.Select(f => f.Index));
    }

    public static Arm64Database Default => DefaultLazy.Value;

    public IReadOnlyDictionary<string, string> Sources { get; }

    /// <summary>The ID registers the database describes, by encoding.</summary>
    public IReadOnlyList<string> Registers { get; }

    /// <summary>Register name to its <c>S3_0_C0_C4_0</c> encoding.</summary>
    public IReadOnlyDictionary<string, string> Encodings { get; }

    public IReadOnlyList<Arm64Field> Fields { get; }

    public IReadOnlyList<Arm64Feature> Features { get; }

    public FeatureSet All { get; }

    public Arm64Feature this[int index] => Features[index];

    public Arm64Feature? Find(string name) => byName.GetValueOrDefault(name.Trim());

    public Arm64Field? FindField(string key) => fieldsByKey.GetValueOrDefault(key);

    public IEnumerable<Arm64Feature> Expand(FeatureSet set) => set.Select(i => Features[i]);

    public FeatureSet SetOf(params IEnumerable<string> names) =>
        FeatureSet.Of(names.Select(n => (Find(n) ?? throw new KeyNotFoundException($"aarch64 feature `{n}` is not in the database")).Index));

    public FeatureSet CloseUnderRequires(FeatureSet set) => Expand(set).Aggregate(set, (acc, f) => acc | f.RequiresAll);

    /// <summary>The closest names for "did you mean" hints.</summary>
    public IReadOnlyList<string> Suggest(string unknown, int max = 3) => NameSuggester.Suggest(unknown, Features.Select(f => f.Name), max);

    /// <summary>The implementer's name (<c>HiSilicon</c>), or its code in hex.</summary>
    public string ImplementerName(int code) => implementers.TryGetValue(code, out var i) ? i.Name : $"0x{code:x2}";

    /// <summary>The policy vendor of an implementer (HiSilicon, ARM, Ampere), else <see cref="CpuVendor.Unknown"/>.</summary>
    public CpuVendor VendorOf(int code) => implementers.TryGetValue(code, out var i) ? CpuVendors.Parse(i.Vendor) : CpuVendor.Unknown;

    /// <summary>
    /// The MIDR implementer and part of a libvirt aarch64 model (<c>Kunpeng-920</c>, <c>Neoverse-N1</c>; libvirt's
    /// cpu_map names a model by vendor and part number only), or null when libvirt has no such model.
    /// </summary>
    public (int Implementer, int Part)? FindLibvirtModel(string model)
    {
        foreach (var i in implementers.Values)
        {
            if (i.Parts.FirstOrDefault(p => string.Equals(p.Libvirt, model.Trim(), StringComparison.OrdinalIgnoreCase)) is { } part)
            {
                return (i.Code, part.Part);
            }
        }

        return null;
    }

    /// <summary>The implementer code of a libvirt vendor name (<c>HiSilicon</c>, <c>ARM</c>), or null.</summary>
    public int? FindLibvirtVendor(string vendor) =>
        implementers.Values.FirstOrDefault(i => string.Equals(i.Libvirt ?? i.Name, vendor.Trim(), StringComparison.OrdinalIgnoreCase))?.Code;

    /// <summary>libvirt's model name for a part (<c>Kunpeng-920</c>), or null.</summary>
    public string? LibvirtModelName(int implementer, int part) =>
        implementers.TryGetValue(implementer, out var i) ? i.Parts.FirstOrDefault(p => p.Part == part)?.Libvirt : null;

    /// <summary>The libvirt model names, sorted (for "did you mean" hints).</summary>
    public IEnumerable<string> LibvirtModels =>
        implementers.Values.SelectMany(i => i.Parts).Select(p => p.Libvirt).OfType<string>().Order(StringComparer.Ordinal);

    /// <summary>The part's name (<c>Neoverse-N1</c>), or null when Linux does not name it.</summary>
    public string? PartName(int implementer, int part) =>
        implementers.TryGetValue(implementer, out var i) ? i.Parts.FirstOrDefault(p => p.Part == part)?.Name : null;

    public static Arm64Database Load(Stream json)
    {
        return new Arm64Database(Arm64FileReader.Read(json));
    }

    private FeatureSet Closure(Arm64Feature feature)
    {
        var seen = new HashSet<int>();
        var stack = new Stack<string>(feature.Requires);
        while (stack.Count > 0)
        {
            var f = byName.TryGetValue(stack.Pop(), out var d) ? d : throw new InvalidDataException($"aarch64 feature {feature.Name} requires an unknown feature");
            if (seen.Add(f.Index))
            {
                foreach (var r in f.Requires)
                {
                    stack.Push(r);
                }
            }
        }

        return FeatureSet.Of(seen);
    }

    private static Stream OpenResource() =>
        typeof(Arm64Database).Assembly.GetManifestResourceStream(ResourceName)
        ?? throw new InvalidOperationException($"the embedded resource {ResourceName} is missing from this build");
}
