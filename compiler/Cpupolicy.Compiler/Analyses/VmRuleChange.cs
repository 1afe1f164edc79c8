using Cpupolicy.Core.Database;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// One VM glob (null = <c>default</c>) across two snapshots: the profile its VMs got before and after, what they gain
/// and lose, and which of their artifacts change.
/// </summary>
public sealed record VmRuleChange(
    string? Glob,
    ChangeStatus Status,
    string? OldProfile,
    string? NewProfile,
    FeatureSet Gained,
    FeatureSet Lost,
    IReadOnlyList<string> ArtifactsChanged);
