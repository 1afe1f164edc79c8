using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// <c>cpupolicy plan</c>: the effect of adding and retiring hosts: new pool baselines, profiles that gain or lose
/// features, what that means for running VMs, and the ordered steps. <see cref="Blockers"/> are the errors of the
/// policy after the change (e.g. a profile naming a retired host); with any, the plan cannot be carried out as is.
/// </summary>
public sealed record FleetPlan
{
    public required IReadOnlyList<HostAddition> Added { get; init; }

    public required IReadOnlyList<string> Removed { get; init; }

    public required IReadOnlyList<string> IntoPools { get; init; }

    public required IReadOnlyList<PoolChange> Pools { get; init; }

    public required IReadOnlyList<ProfileChange> Profiles { get; init; }

    public required IReadOnlyList<VmImpact> Vms { get; init; }

    public required IReadOnlyList<PlanStep> Steps { get; init; }

    public required IReadOnlyList<Diagnostic> Blockers { get; init; }

    /// <summary>The policy after the change (includes inlined, paths absolute).</summary>
    public required string PolicyAfter { get; init; }

    public bool Feasible => Blockers.Count == 0;
}
