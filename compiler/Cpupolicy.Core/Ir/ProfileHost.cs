using Cpupolicy.Core.Database;

namespace Cpupolicy.Core.Ir;

/// <summary>
/// One host a profile derives from, as a backend that must fit every host needs it: its name, its capability (what a
/// hypervisor can offer a guest there), and the named models its own inventory says are usable there (KubeVirt's
/// <c>cpu-model.node.kubevirt.io/M</c> labels), null where the inventory does not say.
/// </summary>
public sealed record ProfileHost(string Name, FeatureSet Capability)
{
    /// <summary>The model names the host's inventory labels usable, or null when the inventory states none.</summary>
    public IReadOnlySet<string>? LabelledModels { get; init; }

    /// <summary>The leaf ranges the host's raw CPUID reports, or null when its inventory has no raw leaves.</summary>
    public HostLeafRange? Leaves { get; init; }
}
