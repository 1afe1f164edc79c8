using Cpupolicy.Core.Database;
using Cpupolicy.Core.Ir;

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
    IReadOnlyList<string> ArtifactsChanged)
{
    /// <summary>The architecture whose database <see cref="Gained"/> indexes (see <see cref="ProfileChange.GainedArch"/>).</summary>
    public string GainedArch { get; init; } = ProfileIr.X86;

    /// <summary>The architecture whose database <see cref="Lost"/> indexes.</summary>
    public string LostArch { get; init; } = ProfileIr.X86;
}
