using Cpupolicy.Compiler.Backends.Libvirt;
using Cpupolicy.Compiler.Database;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// The CPU a VM booted with, as far as its description (a profile, an inventory or an artifact) decides it.
/// <see cref="Features"/> is what the guest sees among <see cref="Controlled"/>; every other feature is whatever the
/// hypervisor of the boot host shows by default (a backend cannot name it), so only the boot host can tell it.
/// </summary>
public sealed record VmCpu
{
    public required VmCpuKind Kind { get; init; }

    /// <summary>Where the description came from (a path, <c>--vm</c> for an inline value, or <c>profile NAME</c>).</summary>
    public required string Source { get; init; }

    public required FeatureSet Features { get; init; }

    /// <summary>The features the description decides; the rest follow the boot host's defaults.</summary>
    public required FeatureSet Controlled { get; init; }

    /// <summary>
    /// True for an xl <c>cpuid=</c>: its unset bits keep Xen's default, which is only on when the boot host has the
    /// feature, so the guest sees <see cref="Features"/> ∩ the boot host's capability.
    /// </summary>
    public bool HostRelative { get; init; }

    /// <summary>The vendor the description states (Unknown when it states none).</summary>
    public CpuVendor Vendor { get; init; }

    /// <summary>Where <see cref="Vendor"/> was read, for messages (<c>&lt;vendor&gt;</c>, <c>vendor:</c> ...), or null.</summary>
    public string? VendorEvidence { get; init; }

    /// <summary>
    /// Features the description forces (libvirt <c>policy='force'</c>): the guest sees one only where its boot host has
    /// it (KVM cannot give a guest a feature the host lacks), so with <c>--from</c> they are resolved, and without it
    /// they are taken as seen.
    /// </summary>
    public FeatureSet Forced { get; init; } = FeatureSet.Empty;

    /// <summary>Features the guest sees only when its boot host has them (libvirt <c>policy='optional'</c>).</summary>
    public FeatureSet Optional { get; init; } = FeatureSet.Empty;

    /// <summary>What the boot host adds beyond <see cref="Features"/> (libvirt <c>match='minimum'</c>, host-model, host-passthrough).</summary>
    public VmBootHostShare FromBootHost { get; init; }

    /// <summary>The libvirt <c>&lt;cpu&gt;</c> as libvirt reads it, for libvirt's own comparison; null for other descriptions.</summary>
    public LibvirtCpuDefinition? Libvirt { get; init; }

    /// <summary>The architecture the description states when it is not x86 (<c>ia64</c> ...), else null.</summary>
    public string? ForeignArch { get; init; }
}
