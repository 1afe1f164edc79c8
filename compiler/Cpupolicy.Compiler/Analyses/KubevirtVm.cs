namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// What decides where a KubeVirt VM may run, read from its VMI (<c>kubectl get vmi NAME -o yaml</c>) or its
/// virt-launcher pod (<c>kubectl get pod virt-launcher-... -o yaml</c>): the conditions every node must meet
/// (<see cref="Required"/>, all of them), and the node affinity terms (<see cref="AffinityTerms"/>, at least one).
/// </summary>
public sealed record KubevirtVm
{
    /// <summary><c>VirtualMachineInstance</c> or <c>Pod</c>.</summary>
    public required string Kind { get; init; }

    public required string Name { get; init; }

    /// <summary>The file (or <c>&lt;stdin&gt;</c>) it was read from.</summary>
    public required string Source { get; init; }

    /// <summary>The node it runs on (<c>status.nodeName</c> of a VMI, <c>spec.nodeName</c> of a pod), if scheduled.</summary>
    public string? NodeName { get; init; }

    /// <summary><c>spec.domain.cpu.model</c> of a VMI (<c>host-model</c> when it names none, KubeVirt's default); null for a pod.</summary>
    public string? CpuModel { get; init; }

    /// <summary>Node selector entries, and for a VMI the labels KubeVirt adds to its pod for the CPU model and required features.</summary>
    public required IReadOnlyList<NodeLabelRequirement> Required { get; init; }

    /// <summary>
    /// <c>requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms</c>: a node must meet every requirement of
    /// one term. Empty when there is no node affinity (then it does not restrict).
    /// </summary>
    public required IReadOnlyList<IReadOnlyList<NodeLabelRequirement>> AffinityTerms { get; init; }

    /// <summary>
    /// A host-model VMI's <c>status.migrationState.sourceState.nodeSelectors</c> (the source node's
    /// <c>host-model-cpu</c>, <c>host-model-required-features</c> and <c>cpu-vendor</c> labels), if it has migrated.
    /// </summary>
    public IReadOnlyDictionary<string, string>? MigrationSourceSelectors { get; init; }

    public bool IsHostModel => CpuModel == KubevirtVmReader.HostModel;
}
