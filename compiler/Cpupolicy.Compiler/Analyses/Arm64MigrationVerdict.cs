using Cpupolicy.Core.Database;
using Cpupolicy.Core.Database.Arm64;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// <c>migrate</c> between aarch64 hosts (<see cref="Arm64Migration"/>): the VM's features the destination lacks, the
/// one-way rule between the boot host's generation and the destination's, the counter frequency and GIC version
/// of both (where the inventories carry them), and the refusals and warnings those give.
/// </summary>
public sealed record Arm64MigrationVerdict
{
    /// <summary>The VM's boot CPU as given (an inventory path, or a profile or host of the policy).</summary>
    public required string Vm { get; init; }

    /// <summary><c>inventory</c> (the VM runs with the boot host's full set, <c>-cpu host</c>) or <c>profile</c>.</summary>
    public required string VmKind { get; init; }

    public required FeatureSet VmFeatures { get; init; }

    public required string To { get; init; }

    /// <summary>The boot host the one-way rule, counter and GIC are compared from: <c>--from</c>, else the VM's inventory.</summary>
    public string? BootHost { get; init; }

    public required Arm64Database Database { get; init; }

    /// <summary>The VM's features the destination lacks, in database order (hwcap names where Linux has them).</summary>
    public required IReadOnlyList<Arm64Feature> Missing { get; init; }

    /// <summary>Boot host against destination; null when the boot host is not known (a profile without <c>--from</c>).</summary>
    public Arm64Direction? Direction { get; init; }

    /// <summary>The fields the boot host has above the destination's levels (what the one-way rule names).</summary>
    public IReadOnlyList<Arm64Feature> BootHostExtra { get; init; } = [];

    public ulong? BootCounterHz { get; init; }

    public ulong? ToCounterHz { get; init; }

    public string? BootGic { get; init; }

    public string? ToGic { get; init; }

    /// <summary>True when the VM's features include a PMU (ID_AA64DFR0_EL1.PMUVer), which does not migrate.</summary>
    public bool Pmu { get; init; }

    /// <summary>The errors that refuse the migration (CP1013 one-way rule, CP1014 counter, CP1015 GIC).</summary>
    public IReadOnlyList<Diagnostic> Blockers { get; init; } = [];

    /// <summary>Warnings: CP1016 (PMU), and the inventories' own (CP1003).</summary>
    public IReadOnlyList<Diagnostic> Warnings { get; init; } = [];

    public bool Compatible => Missing.Count == 0 && Blockers.Count == 0;
}
