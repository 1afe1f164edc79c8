namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// Whether one node can take a KubeVirt VM, by its labels: <see cref="Lacks"/> lists each condition it fails, with the
/// value the node has (null: no such label). For node affinity, the failed conditions of the term the node comes
/// closest to (<see cref="AffinityTerm"/>, 1-based, of <see cref="AffinityTerms"/>).
/// </summary>
public sealed record KubevirtNodeFit(string Name, string Source, bool Current, IReadOnlyList<(NodeLabelRequirement Requirement, string? Has)> Lacks, int AffinityTerm, int AffinityTerms)
{
    public bool Fits => Lacks.Count == 0;
}
