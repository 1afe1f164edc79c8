using Cpupolicy.Core.Database;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>Which model catalog a host report picks its model from, and against which databases.</summary>
public sealed record HostReportOptions
{
    public static HostReportOptions Default { get; } = new();

    /// <summary>The catalog to pick from: libvirt 11.3.0 (default) or 9.0.0 (what Debian 12's libvirt uses).</summary>
    public string Catalog { get; init; } = ModelDatabase.Libvirt11;

    /// <summary>null = <see cref="ModelDatabase.Default"/>.</summary>
    public ModelDatabase? Models { get; init; }

    /// <summary>
    /// The features the catalog's map can name (what libvirt can see of a host). null = every feature with a libvirt
    /// spelling (for libvirt catalogs), a QEMU spelling (for QEMU), or every feature (psABI). The database records one
    /// libvirt spelling per feature, not the release that introduced it, so for libvirt 9.0.0 the default also counts
    /// the newer names of 11.3.0 among the extras; pass 9.0.0's own names here for an exact 9.0.0 view.
    /// </summary>
    public FeatureSet? Nameable { get; init; }
}
