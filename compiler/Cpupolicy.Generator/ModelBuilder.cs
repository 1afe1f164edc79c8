using Cpupolicy.Core.Database;
using Cpupolicy.Core.Database.Schema;
using Cpupolicy.Generator.Sources;

namespace Cpupolicy.Generator;

/// <summary>Turns the models of QEMU, libvirt and the psABI into records whose features are canonical names.</summary>
public sealed class ModelBuilder
{
    public const string PsabiRelease = "1.0";

    private readonly FeatureMerger features;
    private readonly Dictionary<string, FeatureBuilder> byQemuName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FeatureBuilder> bySpelling = new(StringComparer.Ordinal);

    public ModelBuilder(FeatureMerger features)
    {
        this.features = features;
        foreach (var b in features.Features)
        {
            if (b.QemuName is not null)
            {
                byQemuName[b.QemuName] = b;
            }

            foreach (var s in new[] { b.CanonicalName, b.QemuName, b.LibvirtName, b.LinuxName }.OfType<string>()
                .Concat(b.XenKeys.Values).Concat(b.Aliases))
            {
                bySpelling.TryAdd(s, b);
            }
        }
    }

    public List<ModelRecord> Records { get; } = [];

    public void AddQemu(QemuCatalog qemu)
    {
        foreach (var m in qemu.Models)
        {
            var set = m.Features.Select(f => byQemuName.TryGetValue(f, out var b)
                ? b
                : throw new InvalidDataException($"QEMU model {m.Name} enables {f}, which has no coordinate")).ToList();
            Add(set, m.Vendor, new ModelRecord
            {
                Name = m.Name,
                Source = "qemu",
                Release = qemu.Release,
                Vendor = Vendor(m.Vendor),
                AliasOf = m.AliasOf,
                Features = Names(set),
                MigrationSafe = m.MigrationSafe,
            });
        }
    }

    public void AddLibvirt(LibvirtCatalog catalog)
    {
        var byName = catalog.Features.ToDictionary(f => f.Name, f => features.Find(f.Coordinate)!, StringComparer.Ordinal);
        foreach (var m in catalog.Models)
        {
            var set = m.Features.Select(f => Lookup(byName, f, m.Name)).ToList();
            Add(set, m.Vendor, new ModelRecord
            {
                Name = m.Name,
                Source = "libvirt",
                Release = catalog.Release,
                Vendor = Vendor(m.Vendor),
                AliasOf = m.Parent,
                Features = Names(set),
                Removed = Names(m.Removed.Select(f => Lookup(byName, f, m.Name))),
                Order = m.Order,
                DecodeHost = m.DecodeHost,
                DecodeGuest = m.DecodeGuest,
                Signatures = m.Signatures.ToList(),
            });
        }
    }

    /// <summary>The psABI levels, made cumulative; spellings resolve like any user input would.</summary>
    public void AddPsabi(IReadOnlyList<(string Level, IReadOnlyList<string> Adds)> levels)
    {
        var set = new List<FeatureBuilder>();
        foreach (var (level, adds) in levels)
        {
            set.AddRange(adds.Select(s => bySpelling.TryGetValue(s, out var b)
                ? b
                : throw new InvalidDataException($"psABI level {level}: unknown feature {s}")));
            Records.Add(new ModelRecord
            {
                Name = level,
                Source = "psabi",
                Release = PsabiRelease,
                Features = Names(set),
            });
        }
    }

    /// <summary>All model records, sorted by catalog then name.</summary>
    public List<ModelRecord> Sorted() =>
        Records.OrderBy(r => r.Source, StringComparer.Ordinal)
            .ThenBy(r => r.Release, StringComparer.Ordinal)
            .ThenBy(r => r.Name, StringComparer.Ordinal)
            .ToList();

    private static FeatureBuilder Lookup(Dictionary<string, FeatureBuilder> byName, string feature, string model) =>
        byName.TryGetValue(feature, out var b) ? b : throw new InvalidDataException($"libvirt model {model} names unknown feature {feature}");

    private static List<string> Names(IEnumerable<FeatureBuilder> set) =>
        set.Select(b => b.CanonicalName).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    private static string? Vendor(string? text) => CpuVendors.Parse(text) is var v && v != CpuVendor.Unknown ? v.Keyword() : null;

    /// <summary>Records the model and lets its vendor join the vendors of each of its features.</summary>
    private void Add(List<FeatureBuilder> set, string? vendor, ModelRecord record)
    {
        var v = CpuVendors.Parse(vendor);
        if (v != CpuVendor.Unknown)
        {
            foreach (var b in set)
            {
                b.Vendors.Add(v);
            }
        }

        Records.Add(record);
    }
}
