namespace Cpupolicy.Compiler.Analyses;

/// <summary><c>cpupolicy diff OLD NEW</c>: every profile and VM glob of either side with what changed.</summary>
public sealed record PolicyDiffResult(string Old, string New, IReadOnlyList<ProfileChange> Profiles, IReadOnlyList<VmRuleChange> Vms)
{
    public bool Changed => Profiles.Any(p => p.Status != ChangeStatus.Unchanged) || Vms.Any(v => v.Status != ChangeStatus.Unchanged);
}
