using Cpupolicy.Core.Database;
using Cpupolicy.Core.Ir;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>One profile across two snapshots: the features it gained and lost, and the backends whose artifact text changed.</summary>
public sealed record ProfileChange(
    string Name,
    ChangeStatus Status,
    FeatureSet Gained,
    FeatureSet Lost,
    IReadOnlyList<string> ArtifactsChanged)
{
    /// <summary>The architecture whose database <see cref="Gained"/> indexes: the new side's (the old one's when removed).</summary>
    public string GainedArch { get; init; } = ProfileIr.X86;

    /// <summary>The architecture whose database <see cref="Lost"/> indexes: the old side's (the new one's when added).</summary>
    public string LostArch { get; init; } = ProfileIr.X86;
}
