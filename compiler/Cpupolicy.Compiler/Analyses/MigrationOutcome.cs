using Cpupolicy.Compiler.Semantics.Binding;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// What <see cref="MigrationService"/> found, one of a closed set: an x86 verdict (<see cref="X86"/>), an aarch64 one
/// (<see cref="Aarch64"/>), or a KubeVirt VMI or pod placed by the labels of KubeVirt nodes (<see cref="KubevirtNodes"/>).
/// </summary>
public abstract record MigrationOutcome
{
    private MigrationOutcome()
    {
    }

    /// <summary>True when the VM can move (exit 0), false when it cannot or it depends on the boot host (exit 3).</summary>
    public abstract bool Compatible { get; }

    /// <summary>An x86 VM description checked against an x86 host (<see cref="MigrationCheck"/>).</summary>
    public sealed record X86(VmCpu Vm, HostSymbol? From, HostSymbol To, MigrationVerdict Verdict) : MigrationOutcome
    {
        public override bool Compatible => Verdict.Compatible;
    }

    /// <summary>An aarch64 VM (inventory, profile or artifact) checked against an aarch64 host (<see cref="Arm64Migration"/>).</summary>
    public sealed record Aarch64(Arm64MigrationVerdict Verdict) : MigrationOutcome
    {
        public override bool Compatible => Verdict.Compatible;
    }

    /// <summary>A KubeVirt VMI or virt-launcher pod checked against the labels of every node of <c>--to</c> (<see cref="KubevirtPlacement"/>).</summary>
    public sealed record KubevirtNodes(KubevirtPlacement.Result Placement) : MigrationOutcome
    {
        public override bool Compatible => Placement.Compatible;
    }
}
