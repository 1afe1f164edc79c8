namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// <c>cpupolicy evacuate</c>: whether every VM profile placed on a host can move to another host of its pools,
/// the question XAPI answers with <c>CANNOT_EVACUATE_HOST</c> only once the rolling update has started.
/// </summary>
public sealed record EvacuationReport
{
    public required string Host { get; init; }

    /// <summary>The hosts considered as destinations: the other hosts of the host's pools.</summary>
    public required IReadOnlyList<string> Candidates { get; init; }

    public required IReadOnlyList<ProfileEvacuation> Profiles { get; init; }

    /// <summary>Profiles placed on the host that no VM rule uses: nothing runs them, so they block nothing.</summary>
    public required IReadOnlyList<string> Unused { get; init; }

    public bool Evacuable => Profiles.All(p => p.Evacuable);
}
