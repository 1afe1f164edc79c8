using System.Text.Json;
using Cpupolicy.Core.Database.Schema;

namespace Cpupolicy.Core.Database;

/// <summary>
/// Every x86 feature that Xen, libvirt or QEMU can name, as generated into <c>Data/features.json</c>. The build
/// embeds the generated binary image of that file (<c>Data/database.bin</c>, <see cref="DatabaseImage"/>), which
/// loads in a fraction of a millisecond; <see cref="Load"/> reads the JSON itself (tests, the generator). Lookup accepts any backend's spelling, case- and separator-insensitively, and suggests close names.
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

    private readonly Dictionary<string, FeatureDefinition> byName;
    private readonly Dictionary<string, FeatureDefinition> byKey;
    private readonly Dictionary<(uint Leaf, uint Subleaf, CpuidRegister Register, int Bit), FeatureDefinition> byCpuid;
    private readonly Dictionary<(uint Msr, int Bit), FeatureDefinition> byMsr;

    /// <summary>A database over features whose <see cref="FeatureDefinition.RequiresAll"/> and
    /// <see cref="FeatureDefinition.DependantsAll"/> are already filled in (by <see cref="FromFile"/> or the image);
    /// <paramref name="keys"/> is <see cref="KeyTable"/> when the caller has it (the image stores it), else computed.</summary>
    internal FeatureDatabase(
        IReadOnlyList<FeatureDefinition> features,
        IReadOnlyDictionary<string, string> sources,
        XenTables xen,
        IReadOnlyDictionary<string, IReadOnlySet<string>> libvirtReleases,
        IReadOnlyList<(string Key, int Index)>? keys = null)
    {
        Features = features;
        Sources = sources;
        Xen = xen;
        LibvirtReleases = libvirtReleases;
        byName = new Dictionary<string, FeatureDefinition>(features.Count, StringComparer.Ordinal);
        byCpuid = new(features.Count);
        byMsr = [];
        foreach (var f in features)
        {
            byName.Add(f.Name, f);
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

        keys ??= ComputeKeyTable(features);
        byKey = new Dictionary<string, FeatureDefinition>(keys.Count, StringComparer.Ordinal);
        foreach (var (key, index) in keys)
        {
            byKey.Add(key, features[index]);
        }

        All = FeatureSet.Of(features);
    }

    /// <summary>The database built into this release of cpupolicy.</summary>
    public static FeatureDatabase Default => DatabaseImage.Default.Features;

    /// <summary>Every lookup key (<see cref="NameKey"/> of a spelling) and the feature it finds, sorted by key.</summary>
    internal IReadOnlyList<(string Key, int Index)> KeyTable =>
        byKey.Select(p => (p.Key, p.Value.Index)).OrderBy(p => p.Key, StringComparer.Ordinal).ToList();

    /// <summary>Features in database order (sorted by location); <see cref="FeatureDefinition.Index"/> indexes this list.</summary>
    public IReadOnlyList<FeatureDefinition> Features { get; }

    /// <summary>Versions of the sources the data was generated from.</summary>
    public IReadOnlyDictionary<string, string> Sources { get; }

    /// <summary>The set of every feature.</summary>
    public FeatureSet All { get; }

    /// <summary>Xen's featureset layout, word counts and libxl's legacy keys.</summary>
    public XenTables Xen { get; }

    /// <summary>Each libvirt release the database records to the x86 feature names its cpu_map defines.</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> LibvirtReleases { get; }

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

        return byKey.GetValueOrDefault(NameKey.Of(spelling));
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

    /// <summary>Reads a features.json (the generator's output); the built-in database loads its image instead.</summary>
    public static FeatureDatabase Load(Stream json) =>
        FromFile(JsonSerializer.Deserialize(json, DataFileJsonContext.Default.FeatureFile)
            ?? throw new InvalidDataException("features.json is empty"));

    public static FeatureDatabase FromFile(FeatureFile file)
    {
        var features = file.Features.Select((r, i) => FromRecord(i, r)).ToList();
        var db = new FeatureDatabase(features, file.Sources, XenTablesOf(file.XenTables), LibvirtReleasesOf(file.LibvirtReleases));
        db.ComputeClosures();
        return db;
    }

    private static XenTables XenTablesOf(XenTablesRecord r) => new(
        r.Words.Select(w => new XenWord(
            w.Index,
            w.Abbr,
            w.Leaf,
            w.Subleaf,
            w.Register is null ? null : Enum.Parse<CpuidRegister>(w.Register, ignoreCase: true),
            w.Msr,
            w.MsrHalf == "high")).ToList(),
        r.WordCounts,
        r.LibxlLegacyKeys.Select(k => new LibxlLegacyKey(k.Key, k is { Word: { } word, Bit: { } bit } ? (word, bit) : null)).ToList());

    internal static IReadOnlyDictionary<string, IReadOnlySet<string>> LibvirtReleasesOf(IEnumerable<KeyValuePair<string, List<string>>> releases) =>
        releases.ToDictionary(p => p.Key, p => (IReadOnlySet<string>)new HashSet<string>(p.Value, StringComparer.Ordinal), StringComparer.Ordinal);

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

    // Which feature each lookup key finds: the best-ranked spelling wins, the first feature on a tie.
    private static List<(string Key, int Index)> ComputeKeyTable(IReadOnlyList<FeatureDefinition> features)
    {
        var best = new Dictionary<string, (int Index, int Rank)>(StringComparer.Ordinal);
        foreach (var f in features)
        {
            foreach (var (spelling, rank) in SpellingsOf(f))
            {
                var key = NameKey.Of(spelling);
                if (!best.TryGetValue(key, out var existing) || rank < existing.Rank)
                {
                    best[key] = (f.Index, rank);
                }
            }
        }

        return best.Select(p => (p.Key, p.Value.Index)).ToList();
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
