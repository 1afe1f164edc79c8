using Cpupolicy.Compiler.Database;
using Cpupolicy.Policy.Diagnostics;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// Whether a VM can move to a host: XAPI's rule (same vendor, and every feature the VM booted with present on the
/// host), over every feature the VM sees, not only the ones Xen's featureset has; for a libvirt <c>&lt;cpu&gt;</c> also
/// libvirt's own comparison (<see cref="LibvirtComparison"/>), so the answer is never "compatible" where libvirt refuses.
/// </summary>
public sealed record MigrationVerdict
{
    public MigrationStatus Status { get; init; }

    /// <summary>True only when the move is shown to work; false when incompatible or when it depends on the boot host.</summary>
    public bool Compatible => Status == MigrationStatus.Compatible;

    /// <summary>The features the VM sees that the host cannot give a guest.</summary>
    public required FeatureSet Missing { get; init; }

    public bool VendorMismatch { get; init; }

    /// <summary>Why the architectures do not match (the VM or the host is not x86), or null.</summary>
    public string? ArchMismatch { get; init; }

    /// <summary>libvirt <c>policy='forbid'</c> features the host has.</summary>
    public FeatureSet Forbidden { get; init; } = FeatureSet.Empty;

    /// <summary>Under libvirt <c>match='strict'</c>: host features the guest CPU does not list.</summary>
    public FeatureSet StrictExtra { get; init; } = FeatureSet.Empty;

    /// <summary>Features the host lacks that the VM sees only if its boot host had them (<c>optional</c>, <c>minimum</c> ...).</summary>
    public FeatureSet DependsOnBootHost { get; init; } = FeatureSet.Empty;

    /// <summary>Why <see cref="DependsOnBootHost"/> depends on the boot host, or null.</summary>
    public string? DependsReason { get; init; }

    /// <summary>The VM's vendor as far as known (its description, else its boot host).</summary>
    public CpuVendor VmVendor { get; init; }

    public CpuVendor HostVendor { get; init; }

    /// <summary>Every feature the VM is taken to see (its description, completed from the boot host where given).</summary>
    public required FeatureSet VmFeatures { get; init; }

    /// <summary>libvirt's own comparison of the <c>&lt;cpu&gt;</c> with the host, or null when the VM is not one libvirt compares.</summary>
    public LibvirtComparison? Libvirt { get; init; }

    /// <summary>Why the verdict differs from <see cref="Libvirt"/>'s on purpose, or null when they agree or libvirt has none.</summary>
    public string? DiffersFromLibvirt { get; init; }

    /// <summary>Why the verdict may be less certain than it looks (vendor unknown ...).</summary>
    public IReadOnlyList<Diagnostic> Warnings { get; init; } = [];
}
