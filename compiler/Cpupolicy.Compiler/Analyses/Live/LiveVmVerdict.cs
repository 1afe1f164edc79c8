using Cpupolicy.Core.Database;

namespace Cpupolicy.Compiler.Analyses.Live;

/// <summary>What to do so that a VM that blocks can move.</summary>
public enum LiveFixKind
{
    /// <summary>Nothing: it can move as it runs.</summary>
    None,

    /// <summary>Its profile fits another host: give it the profile and cold-restart it (shut down, start).</summary>
    ColdRestart,

    /// <summary>No profile the policy gives it can move: shut it down for the update, or change its <c>vm</c> rule.</summary>
    ChangePolicy,
}

/// <summary>One running VM of an evacuated host: where it can go as it runs, what blocks it, and the fix.</summary>
public sealed record LiveVmVerdict
{
    public required LiveVm Vm { get; init; }

    /// <summary>The profile the policy gives the VM (first matching <c>vm</c> rule, else <c>default</c>), or null.</summary>
    public string? Profile { get; init; }

    /// <summary>Why that profile (<c>vm "GLOB"</c> or <c>default</c>), or null.</summary>
    public string? ProfileReason { get; init; }

    /// <summary>The VM's features as it booted (empty when <see cref="CpuUnknown"/>).</summary>
    public FeatureSet Features { get; init; } = FeatureSet.Empty;

    /// <summary>Why its boot CPU cannot be told, or null.</summary>
    public string? CpuUnknown { get; init; }

    /// <summary>The hosts it can live-migrate to now.</summary>
    public required IReadOnlyList<string> Targets { get; init; }

    /// <summary>Per host it cannot go to: the features that host lacks.</summary>
    public required IReadOnlyDictionary<string, FeatureSet> BlockedBy { get; init; }

    /// <summary>The hosts of another CPU vendor than the VM booted on.</summary>
    public required IReadOnlyList<string> VendorBlocked { get; init; }

    public bool CanMove => Targets.Count > 0;

    public LiveFixKind Fix { get; init; }

    /// <summary>The hosts the VM could go to after the fix (its profile's hosts).</summary>
    public IReadOnlyList<string> TargetsAfterFix { get; init; } = [];

    /// <summary>The fix in a sentence.</summary>
    public string FixText { get; init; } = string.Empty;
}
