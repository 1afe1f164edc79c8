using Cpupolicy.Compiler.Database;

namespace Cpupolicy.Compiler.Inventory;

/// <summary>How to read inventory files: which databases to decode against, and which libvirt map a named model means.</summary>
public sealed record InventoryOptions
{
    public static InventoryOptions Default { get; } = new();

    /// <summary>The feature database; null = <see cref="FeatureDatabase.Default"/>.</summary>
    public FeatureDatabase? Features { get; init; }

    /// <summary>The model database; null = <see cref="ModelDatabase.Default"/>.</summary>
    public ModelDatabase? Models { get; init; }

    /// <summary>
    /// The libvirt catalog a libvirt <c>&lt;cpu&gt;</c> model name is expanded through (e.g. <see cref="ModelDatabase.Libvirt11"/>).
    /// Null = libvirt 9.0.0 (what Debian 12 runs), or 11.3.0 for a model only 11.3.0 defines.
    /// </summary>
    public string? LibvirtCatalog { get; init; }

    /// <summary>
    /// Whether a libvirt <c>&lt;cpu&gt;</c> of another architecture is read (as a host with
    /// <see cref="HostCapability.ForeignArch"/> and no features) instead of refused: <c>migrate</c> answers
    /// "incompatible" for it, as libvirt does.
    /// </summary>
    public bool AllowForeignArch { get; init; }

    internal FeatureDatabase FeatureDb => Features ?? Models?.FeatureDb ?? FeatureDatabase.Default;

    internal ModelDatabase ModelDb => Models ?? ModelDatabase.Default;
}
