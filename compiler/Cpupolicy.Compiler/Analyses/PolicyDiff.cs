using Cpupolicy.Core.Database;
using Cpupolicy.Core.Globs;
using Cpupolicy.Core.Ir;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// Compares two snapshots. Profiles are matched by name. VM globs are matched by their text; a glob found on one
/// side only is compared with the rule that takes its VMs on the other side: the first rule whose glob covers it
/// (every name it matches, that rule matches too), else <c>default</c>. That is exact unless an earlier, partly
/// overlapping rule took some of those VMs. Features of an aarch64 profile index the aarch64 database; a profile that
/// changed architecture gains all its new features and loses all its old ones, each named in its own database.
/// </summary>
public static class PolicyDiff
{
    public static PolicyDiffResult Compare(PolicySnapshot old, PolicySnapshot @new)
    {
        var names = old.Profiles.Select(p => p.Name).Union(@new.Profiles.Select(p => p.Name), StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var profiles = names.Select(n => CompareProfile(n, old.Find(n), @new.Find(n))).ToList();

        var globs = @new.VmRules.Select(r => r.Glob).Concat(old.VmRules.Select(r => r.Glob)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var vms = globs.Select(g => CompareVms(g, RuleFor(old, g), RuleFor(@new, g), old, @new)).ToList();
        if (old.Default is not null || @new.Default is not null)
        {
            vms.Add(CompareVms(null, (old.Default, Exact: true), (@new.Default, Exact: true), old, @new));
        }

        return new PolicyDiffResult(old.Source, @new.Source, profiles, vms);
    }

    private static ProfileChange CompareProfile(string name, SnapshotProfile? before, SnapshotProfile? after)
    {
        var status = (before, after) switch
        {
            (null, _) => ChangeStatus.Added,
            (_, null) => ChangeStatus.Removed,
            _ => ChangeStatus.Unchanged,
        };
        var (gained, lost) = Difference(before, after);
        var artifacts = ArtifactsChanged(before, after);
        if (status == ChangeStatus.Unchanged && (!gained.IsEmpty || !lost.IsEmpty || artifacts.Count > 0 || before!.Vendor != after!.Vendor || before.Arch != after.Arch))
        {
            status = ChangeStatus.Changed;
        }

        return new ProfileChange(name, status, gained, lost, artifacts) { GainedArch = (after ?? before)!.Arch, LostArch = (before ?? after)!.Arch };
    }

    private static VmRuleChange CompareVms(string? glob, (string? Profile, bool Exact) before, (string? Profile, bool Exact) after, PolicySnapshot old, PolicySnapshot @new)
    {
        var oldProfile = before.Profile is { } o ? old.Find(o) : null;
        var newProfile = after.Profile is { } n ? @new.Find(n) : null;
        var (gained, lost) = Difference(oldProfile, newProfile);
        var artifacts = ArtifactsChanged(oldProfile, newProfile);
        var status = !before.Exact ? ChangeStatus.Added
            : !after.Exact ? ChangeStatus.Removed
            : before.Profile != after.Profile || !gained.IsEmpty || !lost.IsEmpty || artifacts.Count > 0 ? ChangeStatus.Changed
            : ChangeStatus.Unchanged;
        return new VmRuleChange(glob, status, before.Profile, after.Profile, gained, lost, artifacts)
        {
            GainedArch = (newProfile ?? oldProfile)?.Arch ?? ProfileIr.X86,
            LostArch = (oldProfile ?? newProfile)?.Arch ?? ProfileIr.X86,
        };
    }

    /// <summary>What the new side gains and loses; across architectures the sets are of different databases, so all of each.</summary>
    private static (FeatureSet Gained, FeatureSet Lost) Difference(SnapshotProfile? before, SnapshotProfile? after)
    {
        var old = before?.Features ?? FeatureSet.Empty;
        var @new = after?.Features ?? FeatureSet.Empty;
        return before is not null && after is not null && before.Arch != after.Arch ? (@new, old) : (@new - old, old - @new);
    }

    /// <summary>The profile a glob's VMs get in a snapshot, and whether the snapshot has a rule with exactly this glob.</summary>
    private static (string? Profile, bool Exact) RuleFor(PolicySnapshot snapshot, string glob)
    {
        if (snapshot.VmRules.FirstOrDefault(r => r.Glob == glob) is { } exact)
        {
            return (exact.ProfileName, true);
        }

        var covering = snapshot.VmRules.FirstOrDefault(r => r.Glob is { } g && GlobCover.Covers(g, glob));
        return (covering?.ProfileName ?? snapshot.Default, false);
    }

    /// <summary>Backends whose artifact text differs (or exists on one side only), sorted.</summary>
    private static List<string> ArtifactsChanged(SnapshotProfile? before, SnapshotProfile? after)
    {
        var a = before?.Artifacts ?? new Dictionary<string, string>();
        var b = after?.Artifacts ?? new Dictionary<string, string>();
        return a.Keys.Union(b.Keys, StringComparer.Ordinal)
            .Where(k => !a.TryGetValue(k, out var x) || !b.TryGetValue(k, out var y) || !string.Equals(x, y, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
