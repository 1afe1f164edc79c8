using Cpupolicy.Core.Database;
using Cpupolicy.Core.Ir;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>A pool before and after a fleet change: its hosts, and what its baseline (the default views' intersection) gains and loses.</summary>
public sealed record PoolChange(
    string Name,
    IReadOnlyList<string> OldHosts,
    IReadOnlyList<string> NewHosts,
    FeatureSet OldBaseline,
    FeatureSet NewBaseline)
{
    public FeatureSet Gained => NewBaseline - OldBaseline;

    public FeatureSet Lost => OldBaseline - NewBaseline;

    /// <summary>Which database the baselines index: <see cref="ProfileIr.Aarch64"/> for a pool of aarch64 hosts.</summary>
    public string Arch { get; init; } = ProfileIr.X86;
}
