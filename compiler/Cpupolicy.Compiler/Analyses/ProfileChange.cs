using Cpupolicy.Core.Database;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>One profile across two snapshots: the features it gained and lost, and the backends whose artifact text changed.</summary>
public sealed record ProfileChange(
    string Name,
    ChangeStatus Status,
    FeatureSet Gained,
    FeatureSet Lost,
    IReadOnlyList<string> ArtifactsChanged);
