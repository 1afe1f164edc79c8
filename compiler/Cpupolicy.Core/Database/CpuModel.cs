namespace Cpupolicy.Core.Database;

/// <summary>
/// A named CPU model of one source and release: QEMU 7.2 (<c>Haswell-v4</c>, aliases such as <c>Haswell</c>),
/// libvirt's cpu_map (9.0.0 or 11.3.0) or an x86-64 psABI level. The same name can mean different feature sets
/// in QEMU and libvirt; <see cref="ModelDatabase.Disagreements"/> lists where.
/// </summary>
public sealed record CpuModel
{
    public required string Name { get; init; }

    public required ModelSource Source { get; init; }

    /// <summary>"7.2" for QEMU, "9.0.0" or "11.3.0" for libvirt, "1.0" for the psABI.</summary>
    public required string Release { get; init; }

    /// <summary>The vendor the model is defined for, or <see cref="CpuVendor.Unknown"/> for vendor-neutral models.</summary>
    public CpuVendor Vendor { get; init; }

    /// <summary>QEMU: the versioned model an alias resolves to. libvirt: the parent a -vN model inherits.</summary>
    public string? AliasOf { get; init; }

    public required FeatureSet Features { get; init; }

    /// <summary>libvirt: features marked removed='yes' (a guest definition must disable them).</summary>
    public FeatureSet Removed { get; init; } = FeatureSet.Empty;

    /// <summary>libvirt: order in index.xml; host decoding walks models from the highest order down.</summary>
    public int Order { get; init; }

    public bool DecodeHost { get; init; } = true;

    public bool DecodeGuest { get; init; } = true;

    public IReadOnlyList<CpuSignature> Signatures { get; init; } = [];

    public bool? MigrationSafe { get; init; }

    /// <summary>The key of a source+release, e.g. "qemu-7.2", "libvirt-11.3.0".</summary>
    public string Catalog => $"{Source.ToString().ToLowerInvariant()}-{Release}";

    public override string ToString() => $"{Name} ({Catalog})";
}
