using Cpupolicy.Core.Database;

namespace Cpupolicy.Core.Backends.Libvirt;

/// <summary>
/// The feature names one libvirt release accepts in a guest <c>&lt;cpu&gt;</c>, and which of them it can really pass
/// on: libvirt turns each <c>&lt;feature&gt;</c> into a QEMU <c>feat=on|off</c>, except the ones it filters.
/// </summary>
public sealed class LibvirtVocabulary
{
    public const string Release9 = "9.0.0";
    public const string Release11 = "11.3.0";

    public static readonly IReadOnlyList<string> Releases = [Release9, Release11];

    /// <summary>
    /// libvirt never passes these to QEMU (<c>virQEMUCapsCPUFilterFeatures</c>: OSXSAVE/OSPKE are computed by the
    /// CPU, the resource-monitoring bits are host-only), so naming them in a guest CPU controls nothing.
    /// </summary>
    public static readonly IReadOnlySet<string> FilteredNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "osxsave", "ospke", "cmt", "mbm_total", "mbm_local",
    };

    private readonly Dictionary<string, FeatureDefinition> byName = new(StringComparer.Ordinal);

    public LibvirtVocabulary(FeatureDatabase db, string release)
    {
        Db = db;
        Release = release;
        Catalog = release == Release9 ? ModelDatabase.Libvirt9 : ModelDatabase.Libvirt11;
        foreach (var f in db.Features)
        {
            if (f.Spellings.Libvirt is { } name && InRelease(name))
            {
                byName.TryAdd(name, f);
            }
        }

        Named = FeatureSet.Of(byName.Values);
        Nameable = FeatureSet.Of(byName.Values.Where(f => !FilteredNames.Contains(f.Spellings.Libvirt!) && f.Spellings.Qemu is not null));
    }

    public FeatureDatabase Db { get; }

    public string Release { get; }

    /// <summary>The model catalog of this release (<see cref="ModelDatabase.Libvirt9"/> or <see cref="ModelDatabase.Libvirt11"/>).</summary>
    public string Catalog { get; }

    /// <summary>Every feature this release's cpu_map names (what libvirt's description of a host CPU can contain).</summary>
    public FeatureSet Named { get; }

    /// <summary>The features a <c>&lt;feature&gt;</c> element of this release really switches on or off in the guest.</summary>
    public FeatureSet Nameable { get; }

    /// <summary>The feature a name of this release means (exact, as libvirt matches), or null.</summary>
    public FeatureDefinition? Find(string name) => byName.GetValueOrDefault(name);

    /// <summary>Every name of this release (for "did you mean" hints).</summary>
    public IEnumerable<string> Names => byName.Keys;

    /// <summary>Whether this release's cpu_map defines the name (generated into the database; 9.0.0's is a subset of 11.3.0's, and the database spells 11.3.0).</summary>
    public bool InRelease(string name) => Db.LibvirtReleases[Release].Contains(name);
}
