namespace Cpupolicy.Core.Database;

/// <summary>
/// One x86 CPU feature as the database knows it: its canonical name, its coordinates, the spelling of every backend
/// (null where a backend cannot name it), vendors, Xen attributes, migratability and dependencies.
/// Instances come only from <see cref="FeatureDatabase"/>; <see cref="Index"/> is the feature's position there.
/// </summary>
public sealed class FeatureDefinition
{
    internal FeatureDefinition(
        int index,
        string name,
        FeatureLocation location,
        FeatureSpellings spellings,
        IReadOnlyList<string> aliases,
        IReadOnlyList<CpuVendor> vendors,
        XenFeatureInfo? xen,
        bool migratable,
        IReadOnlyList<string> requires,
        string? description)
    {
        Index = index;
        Name = name;
        Location = location;
        Spellings = spellings;
        Aliases = aliases;
        Vendors = vendors;
        Xen = xen;
        Migratable = migratable;
        Requires = requires;
        Description = description;
    }

    /// <summary>Position in <see cref="FeatureDatabase.Features"/> and bit index in every <see cref="FeatureSet"/>.</summary>
    public int Index { get; }

    /// <summary>The canonical name (QEMU's where QEMU names the feature, else libvirt's, Linux's, Xen's).</summary>
    public string Name { get; }

    public FeatureLocation Location { get; }

    public FeatureSpellings Spellings { get; }

    /// <summary>Further spellings accepted on input (QEMU's alias properties, libvirt's aliases, legacy libxl keys).</summary>
    public IReadOnlyList<string> Aliases { get; }

    /// <summary>The vendors whose CPUs can have the feature (empty = any vendor).</summary>
    public IReadOnlyList<CpuVendor> Vendors { get; }

    /// <summary>Xen's view of the feature, or null when Xen's featureset does not contain it.</summary>
    public XenFeatureInfo? Xen { get; }

    /// <summary>False for features that pin a guest to its host (e.g. <c>invtsc</c>).</summary>
    public bool Migratable { get; }

    /// <summary>Direct prerequisites (canonical names): this feature is meaningless without each of them.</summary>
    public IReadOnlyList<string> Requires { get; }

    /// <summary>The transitive closure of <see cref="Requires"/>, filled in by the database after loading.</summary>
    public FeatureSet RequiresAll { get; internal set; } = FeatureSet.Empty;

    /// <summary>Every feature that (transitively) requires this one: clearing this clears them too.</summary>
    public FeatureSet DependantsAll { get; internal set; } = FeatureSet.Empty;

    public string? Description { get; }

    public override string ToString() => Name;
}
