using Cpupolicy.Core.Backends.Libvirt;
using Cpupolicy.Core.Database;

namespace Cpupolicy.Core.Backends.Nova;

/// <summary>
/// A Nova compute node's guest CPU as its libvirt driver builds it from a <c>[libvirt]</c> section: the models of
/// <c>cpu_models</c> (libvirt's spelling), the one a VM of the flavor gets (the first, or the first that has the
/// features of the flavor's required traits), the extra flags as libvirt <c>&lt;feature&gt;</c>s, the traits the node
/// reports, and the flavor's trait extra specs read from the artifact.
/// </summary>
public sealed record NovaGuestCpu(
    IReadOnlyList<CpuModel> Models,
    CpuModel Model,
    IReadOnlyList<LibvirtFeatureRef> Flags,
    IReadOnlySet<string> ReportedTraits,
    IReadOnlyList<NovaTraitSpec> Traits);
