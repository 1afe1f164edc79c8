using Cpupolicy.Core.Database;
using Cpupolicy.Core.Ir;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// What a fleet change means for the running VMs of one glob (null = <c>default</c>). Running VMs keep the features
/// they booted with (<see cref="Running"/>, the old profile) until a full shutdown and start: a reboot keeps them
/// (xenopsd reuses the domain's platform data; a libvirt domain reboot keeps its QEMU process).
/// </summary>
public sealed record VmImpact
{
    public required string? Glob { get; init; }

    public required string Profile { get; init; }

    /// <summary>The features the VMs run with now.</summary>
    public required FeatureSet Running { get; init; }

    /// <summary>What the profile gains: the VMs get it only after a full shutdown and start.</summary>
    public required FeatureSet Gains { get; init; }

    /// <summary>What the profile loses: running VMs keep it, and with it their dependence on hosts that have it.</summary>
    public required FeatureSet Loses { get; init; }

    /// <summary>Hosts of the new fleet the running VMs cannot move to, with the features each lacks.</summary>
    public required IReadOnlyDictionary<string, FeatureSet> CannotMigrateTo { get; init; }

    /// <summary>Retired hosts the VMs may be running on (the profile derives from them).</summary>
    public required IReadOnlyList<string> OnRetiredHosts { get; init; }

    /// <summary>Hosts that stay or join where the running VMs can move live from a retired host.</summary>
    public required IReadOnlyList<string> LiveTargets { get; init; }

    /// <summary>
    /// aarch64: hosts the VMs cannot move to from a retired host because that host is of a newer generation (the
    /// one-way rule, <see cref="Arm64Migration.Allows"/>); they are in <see cref="CannotMigrateTo"/> too.
    /// </summary>
    public IReadOnlyList<string> OneWayBlocked { get; init; } = [];

    /// <summary>Which database the feature sets index (<see cref="ProfileIr.X86"/> or <see cref="ProfileIr.Aarch64"/>).</summary>
    public string Arch { get; init; } = ProfileIr.X86;

    public bool NeedsColdRestart => !Gains.IsEmpty || !Loses.IsEmpty;
}
