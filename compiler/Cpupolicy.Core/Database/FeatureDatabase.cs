using System.Text.Json;
using Cpupolicy.Core.Database.Schema;

namespace Cpupolicy.Core.Database;

/// <summary>
/// Every x86 feature that Xen, libvirt or QEMU can name, loaded from the generated <c>Data/features.json</c>.
/// Lookup accepts any backend's spelling, case- and separator-insensitively, and suggests close names.
/// </summary>
public sealed class FeatureDatabase
{
    // Which vocabulary wins when one spelling names two different bits (e.g. Linux's synthetic `ibrs` vs AMD's IBRS):
    // the canonical name first, then QEMU, libvirt, Xen, Linux, then aliases.
    private const int CanonicalRank = 0;
    private const int QemuRank = 1;
    private const int LibvirtRank = 2;
    private const int XenRank = 3;
    private const int LinuxRank = 4;
    private const int AliasRank = 5;

    private static readonly Lazy<FeatureDatabase> DefaultLazy = new(() => Load(OpenResource("features.json")));

    private readonly Dictionary<string, FeatureDefinition> byName;
    private readonly Dictionary<string, (FeatureDefinition Feature, int Rank)> byKey;
    private readonly Dictionary<(uint Leaf, uint Subleaf, CpuidRegister Register, int Bit), FeatureDefinition> byCpuid;
    private readonly Dictionary<(uint Msr, int Bit), FeatureDefinition> byMsr;

    private FeatureDatabase(IReadOnlyList<FeatureDefinition> features, IReadOnlyDictionary<string, string> sources)
    {
        Features = features;
        Sources = sources;
        byName = features.ToDictionary(f => f.Name, StringComparer.Ordinal);
        byKey = new Dictionary<string, (FeatureDefinition, int)>(StringComparer.Ordinal);
        byCpuid = [];
        byMsr = [];
        foreach (var f in features)
        {
            foreach (var (spelling, rank) in SpellingsOf(f))
            {
                var key = NameKey.Of(spelling);
                if (!byKey.TryGetValue(key, out var existing) || rank < existing.Rank)
                {
                    byKey[key] = (f, rank);
                }
            }

            var loc = f.Location;
            if (loc.Msr is { } msr)
            {
                byMsr[(msr, loc.Bit)] = f;
            }
            else
            {
                byCpuid[(loc.Leaf!.Value, loc.Subleaf ?? 0, loc.Register!.Value, loc.Bit)] = f;
            }
        }

        All = FeatureSet.Of(features);
    }

    /// <summary>The database built into this release of cpupolicy.</summary>
    public static FeatureDatabase Default => DefaultLazy.Value;

    /// <summary>Features in database order (sorted by location); <see cref="FeatureDefinition.Index"/> indexes this list.</summary>
    public IReadOnlyList<FeatureDefinition> Features { get; }

    /// <summary>Versions of the sources the data was generated from.</summary>
    public IReadOnlyDictionary<string, string> Sources { get; }

    /// <summary>The set of every feature.</summary>
    public FeatureSet All { get; }

    /// <summary>The Xen releases whose libxl keys the database records.</summary>
    public IReadOnlyList<string> XenReleases =>
        Features.SelectMany(f => f.Spellings.Xen.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    public FeatureDefinition this[int index] => Features[index];

    /// <summary>The feature with this canonical name (exact), or null.</summary>
    public FeatureDefinition? ByCanonicalName(string name) => byName.GetValueOrDefault(name);

    /// <summary>The feature any backend spells this way (case- and separator-insensitive), or null.</summary>
    public FeatureDefinition? Find(string spelling)
    {
        if (byName.TryGetValue(spelling, out var exact))
        {
            return exact;
        }

        return byKey.TryGetValue(NameKey.Of(spelling), out var hit) ? hit.Feature : null;
    }

    /// <summary>Like <see cref="Find"/> but throws <see cref="KeyNotFoundException"/>; for names that come from generated data.</summary>
    public FeatureDefinition Get(string spelling) =>
        Find(spelling) ?? throw new KeyNotFoundException($"feature `{spelling}` is not in the database");

    /// <summary>The closest known spellings of an unknown name, for "did you mean" hints.</summary>
    public IReadOnlyList<string> Suggest(string unknown, int max = 3) =>
        NameSuggester.Suggest(unknown, Features.SelectMany(f => SpellingsOf(f).Select(s => s.Spelling)), max)
            .Select(s => Find(s)!.Name)
            .Distinct(StringComparer.Ordinal)
            .ToList();

    public FeatureDefinition? FindByCpuid(uint leaf, uint subleaf, CpuidRegister register, int bit) =>
        byCpuid.GetValueOrDefault((leaf, subleaf, register, bit));

    public FeatureDefinition? FindByMsr(uint msr, int bit) => byMsr.GetValueOrDefault((msr, bit));

    /// <summary>The feature Xen's featureset has at this word and bit, or null.</summary>
    public FeatureDefinition? FindByXenBit(int word, int bit) =>
        Features.FirstOrDefault(f => f.Xen is { } x && x.Word == word && x.Bit == bit);

    /// <summary>Every feature of a set, in database order.</summary>
    public IEnumerable<FeatureDefinition> Expand(FeatureSet set) => set.Select(i => Features[i]);

    /// <summary>A set from canonical names (throws on an unknown name: for generated data and tests).</summary>
    public FeatureSet SetOf(params IEnumerable<string> names) => FeatureSet.Of(names.Select(n => Get(n).Index));

    /// <summary>The smallest superset of <paramref name="set"/> that is closed under prerequisites.</summary>
    public FeatureSet CloseUnderRequires(FeatureSet set) =>
        Expand(set).Aggregate(set, (acc, f) => acc | f.RequiresAll);

    /// <summary>Removes every feature whose prerequisites are not all in the set (what Xen's deep-dependency clearing does).</summary>
    public FeatureSet DropUnsatisfied(FeatureSet set) =>
        Expand(set).Where(f => !f.RequiresAll.IsSubsetOf(set)).Aggregate(set, (acc, f) => acc.Remove(f.Index));

    public static FeatureDatabase Load(Stream json)
    {
        var file = JsonSerializer.Deserialize(json, DataFileJsonContext.Default.FeatureFile)
            ?? throw new InvalidDataException("features.json is empty");
        var features = file.Features.Select((r, i) => FromRecord(i, r)).ToList();
        var db = new FeatureDatabase(features, file.Sources);
        db.ComputeClosures();
        return db;
    }

    internal static Stream OpenResource(string name) =>
        typeof(FeatureDatabase).Assembly.GetManifestResourceStream($"Cpupolicy.Data.{name}")
            ?? throw new InvalidOperationException($"embedded resource {name} is missing from the build");

    private static FeatureDefinition FromRecord(int index, FeatureRecord r)
    {
        var location = r.Msr is { } msr
            ? FeatureLocation.ForMsr(msr, r.Bit)
            : FeatureLocation.Cpuid(
                r.Leaf ?? throw new InvalidDataException($"feature {r.Name} has neither leaf nor msr"),
                r.Subleaf,
                Enum.Parse<CpuidRegister>(r.Register ?? "eax", ignoreCase: true),
                r.Bit);
        var spellings = new FeatureSpellings(r.Names.Qemu, r.Names.Libvirt, r.Names.Linux, r.Names.Xen);
        var xen = r.Xen is { } x ? new XenFeatureInfo(x.Word, x.Bit, x.Attributes) : null;
        return new FeatureDefinition(
            index,
            r.Name,
            location,
            spellings,
            r.Aliases,
            r.Vendors.Select(CpuVendors.Parse).ToList(),
            xen,
            r.Migratable,
            r.Requires,
            r.Description);
    }

    private static IEnumerable<(string Spelling, int Rank)> SpellingsOf(FeatureDefinition f)
    {
        yield return (f.Name, CanonicalRank);
        if (f.Spellings.Qemu is { } q)
        {
            yield return (q, QemuRank);
        }

        if (f.Spellings.Libvirt is { } l)
        {
            yield return (l, LibvirtRank);
        }

        foreach (var x in f.Spellings.Xen.Values)
        {
            yield return (x, XenRank);
        }

        if (f.Spellings.Linux is { } linux)
        {
            yield return (linux, LinuxRank);
        }

        foreach (var a in f.Aliases)
        {
            yield return (a, AliasRank);
        }
    }

    private void ComputeClosures()
    {
        var direct = Features.Select(f => f.Requires.Select(n => byName.TryGetValue(n, out var d)
            ? d.Index
            : throw new InvalidDataException($"feature {f.Name} requires unknown feature {n}")).ToList()).ToList();
        foreach (var f in Features)
        {
            var seen = new HashSet<int>();
            var stack = new Stack<int>(direct[f.Index]);
            while (stack.Count > 0)
            {
                var i = stack.Pop();
                if (seen.Add(i))
                {
                    foreach (var j in direct[i])
                    {
                        stack.Push(j);
                    }
                }
            }

            seen.Remove(f.Index);
            f.RequiresAll = FeatureSet.Of(seen);
        }

        var dependants = Features.Select(_ => new List<int>()).ToList();
        foreach (var f in Features)
        {
            foreach (var p in f.RequiresAll)
            {
                dependants[p].Add(f.Index);
            }
        }

        foreach (var f in Features)
        {
            f.DependantsAll = FeatureSet.Of(dependants[f.Index]);
        }
    }
}
