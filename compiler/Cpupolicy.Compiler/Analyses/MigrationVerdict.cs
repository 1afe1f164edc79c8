using Cpupolicy.Core.Database;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// Whether a VM can move to a host: XAPI's rule (same vendor, and every feature the VM booted with present on the
/// host), over every feature the VM sees, not only the ones Xen's featureset has.
/// </summary>
public sealed record MigrationVerdict
{
    public bool Compatible => !VendorMismatch && Missing.IsEmpty;

    /// <summary>The features the VM sees that the host cannot give a guest.</summary>
    public required FeatureSet Missing { get; init; }

    public bool VendorMismatch { get; init; }

    /// <summary>The VM's vendor as far as known (its description, else its boot host).</summary>
    public CpuVendor VmVendor { get; init; }

    public CpuVendor HostVendor { get; init; }

    /// <summary>Every feature the VM is taken to see (its description, completed from the boot host where given).</summary>
    public required FeatureSet VmFeatures { get; init; }

    /// <summary>Why the verdict may be less certain than it looks (vendor unknown ...).</summary>
    public IReadOnlyList<Diagnostic> Warnings { get; init; } = [];
}
