using Cpupolicy.Compiler.Analyses;
using Cpupolicy.Compiler.Semantics.Binding;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Core.Globs;

namespace Cpupolicy.Compiler.PolicyTests;

/// <summary>
/// <c>cpupolicy test</c>: runs a test file's assertions against its compiled policy with the compiler's own analyses:
/// <see cref="MigrationCheck"/> for migrations, the lowered profiles for features, <see cref="FleetPlanner"/> (which
/// diffs the policy before and after) for host additions. A name the policy lacks is a CP1102 error, not a failure.
/// </summary>
public static class PolicyTestRunner
{
    public static IReadOnlyList<PolicyTestOutcome> Run(FleetPolicy policy, PolicyTestFile tests) =>
        tests.Assertions.Select(a => a switch
        {
            MigrateAssertion m => Migrate(policy, m),
            ProfileFeaturesAssertion p => Features(policy, p),
            HostAdditionAssertion h => AddHost(policy, h),
            _ => throw new InvalidOperationException($"unknown assertion {a.GetType().Name}"),
        }).ToList();

    /// <summary>
    /// The profiles VMs matching <paramref name="glob"/> may get: the hook takes the first rule that matches a name,
    /// so rules are walked in order; a rule whose glob may match some of those names contributes its profile, and one
    /// that covers them all ends the walk. Names left over get the <c>default</c> (or nothing, when there is none).
    /// Globs that merely overlap (neither covers the other) are told apart by the sample names the test glob matches.
    /// </summary>
    public static (IReadOnlyList<string> Profiles, bool SomeUnmanaged) ProfilesFor(FleetPolicy policy, string glob)
    {
        var profiles = new List<string>();
        foreach (var rule in policy.VmRules)
        {
            if (rule.Glob is null)
            {
                continue;
            }

            if (GlobCover.Covers(rule.Glob, glob))
            {
                Add(profiles, rule.ProfileName);
                return (profiles, false);
            }

            if (GlobCover.Covers(glob, rule.Glob) || GlobCover.Matches(rule.Glob, Sample(glob)))
            {
                Add(profiles, rule.ProfileName);
            }
        }

        if (policy.Default is { } d)
        {
            Add(profiles, d.ProfileName);
            return (profiles, false);
        }

        return (profiles, true);
    }

    private static PolicyTestOutcome Migrate(FleetPolicy policy, MigrateAssertion a)
    {
        IReadOnlyList<HostSymbol> hosts;
        if (a.DestinationIsPool)
        {
            var pool = policy.Pools.FirstOrDefault(p => p.Name == a.Destination) ?? throw Unknown(a, "pool", a.Destination, policy.Pools.Select(p => p.Name));
            hosts = pool.Hosts;
        }
        else
        {
            hosts = [policy.FindHost(a.Destination) ?? throw Unknown(a, "host", a.Destination, policy.Hosts.Select(h => h.Name))];
        }

        var (profiles, unmanaged) = ProfilesFor(policy, a.VmGlob);
        var reasons = new List<string>();
        var missing = FeatureSet.Empty;
        var anyIncompatible = false;
        if (unmanaged)
        {
            reasons.Add($"some VMs matching `{a.VmGlob}` match no `vm` rule and there is no `default`: they get no profile, so the policy promises nothing about them");
        }

        foreach (var profile in profiles)
        {
            var vm = VmCpuReader.Read(profile, policy);
            foreach (var host in hosts)
            {
                var verdict = MigrationCheck.Check(vm, null, host);
                if (verdict.Compatible)
                {
                    continue;
                }

                anyIncompatible = true;
                missing |= verdict.Missing;
                var why = verdict.VendorMismatch ? "a CPU of another vendor"
                    : verdict.ArchMismatch ?? (verdict.Missing.IsEmpty ? "an incompatible CPU" : $"{verdict.Missing.Count} missing feature(s): {Names(verdict.Missing)}");
                reasons.Add($"profile `{profile}` (VMs matching `{a.VmGlob}`) cannot move to host `{host.Name}`: {why}");
            }
        }

        var target = a.DestinationIsPool ? $"every host of pool `{a.Destination}`" : $"host `{a.Destination}`";
        if (a.ExpectCompatible)
        {
            return Outcome(a, reasons.Count == 0, reasons, missing);
        }

        // expect: incompatible: the policy must keep these VMs off the destination (e.g. VMs that saw AVX2).
        var kept = anyIncompatible && !unmanaged;
        return Outcome(a, kept, kept ? [] : [$"VMs matching `{a.VmGlob}` can move to {target}, but the test expects them not to"], FeatureSet.Empty);
    }

    private static PolicyTestOutcome Features(FleetPolicy policy, ProfileFeaturesAssertion a)
    {
        var profile = policy.FindProfile(a.Profile) ?? throw Unknown(a, "profile", a.Profile, policy.Profiles.Select(p => p.Profile.Name));
        var keeps = FeatureSet.Of(a.Keeps.Select(n => Feature(a, n).Index));
        var lacks = FeatureSet.Of(a.Lacks.Select(n => Feature(a, n).Index));
        var absent = keeps - profile.Profile.Features;
        var present = lacks & profile.Profile.Features;
        var reasons = new List<string>();
        if (!absent.IsEmpty)
        {
            reasons.Add($"profile `{a.Profile}` lacks {Names(absent)}");
        }

        if (!present.IsEmpty)
        {
            reasons.Add($"profile `{a.Profile}` has {Names(present)}, which the test says it must lack");
        }

        return Outcome(a, reasons.Count == 0, reasons, absent | present);
    }

    private static PolicyTestOutcome AddHost(FleetPolicy policy, HostAdditionAssertion a)
    {
        foreach (var name in a.Unchanged.Where(n => policy.FindProfile(n) is null))
        {
            throw Unknown(a, "profile", name, policy.Profiles.Select(p => p.Profile.Name));
        }

        foreach (var pool in a.IntoPools.Where(n => policy.Pools.All(p => p.Name != n)))
        {
            throw Unknown(a, "pool", pool, policy.Pools.Select(p => p.Name));
        }

        var plan = FleetPlanner.Plan(policy, [new HostAddition(a.HostName, a.InventoryPath)], [], a.IntoPools);
        if (!plan.Feasible)
        {
            return Outcome(a, false, plan.Blockers.Select(b => $"after adding the host the policy does not compile: {b.Message}").ToList(), FeatureSet.Empty);
        }

        var reasons = new List<string>();
        var changed = FeatureSet.Empty;
        foreach (var change in plan.Profiles.Where(c => a.Unchanged.Contains(c.Name) && c.Status != ChangeStatus.Unchanged))
        {
            changed |= change.Gained | change.Lost;
            var parts = new List<string>();
            if (!change.Gained.IsEmpty)
            {
                parts.Add($"gains {Names(change.Gained)}");
            }

            if (!change.Lost.IsEmpty)
            {
                parts.Add($"loses {Names(change.Lost)}");
            }

            if (change.ArtifactsChanged.Count > 0)
            {
                parts.Add($"its {string.Join(", ", change.ArtifactsChanged)} artifact(s) change");
            }

            reasons.Add($"adding host `{a.HostName}` changes profile `{change.Name}`: {string.Join("; ", parts)}");
        }

        return Outcome(a, reasons.Count == 0, reasons, changed);
    }

    private static PolicyTestOutcome Outcome(PolicyAssertion a, bool passed, IReadOnlyList<string> reasons, FeatureSet features) =>
        new(a, passed, reasons, FeatureDatabase.Default.Expand(features).ToList());

    private static FeatureDefinition Feature(PolicyAssertion a, string spelling) =>
        FeatureDatabase.Default.Find(spelling) ?? throw new DiagnosticException(DiagnosticCatalog.PolicyTestUnknownName.Create(
            a.Span,
            $"test `{a.Name}` names feature `{spelling}`, which no backend spells that way",
            NameSuggester.DidYouMean(FeatureDatabase.Default.Suggest(spelling)) ?? "`cpupolicy features` lists every feature"));

    private static DiagnosticException Unknown(PolicyAssertion a, string what, string name, IEnumerable<string> known)
    {
        var list = known.ToList();
        return new DiagnosticException(DiagnosticCatalog.PolicyTestUnknownName.Create(
            a.Span,
            $"test `{a.Name}` names {what} `{name}`, which the policy does not declare",
            NameSuggester.DidYouMean(NameSuggester.Suggest(name, list)) ?? (list.Count > 0 ? $"its {what}s are {string.Join(", ", list.Select(n => $"`{n}`"))}" : $"the policy declares no {what}")));
    }

    private static string Names(FeatureSet set) => string.Join(", ", FeatureDatabase.Default.Expand(set).Select(f => f.Name));

    /// <summary>A name the glob matches: every <c>*</c> as nothing, every <c>?</c> as <c>x</c>, classes as their first letter.</summary>
    private static string Sample(string glob)
    {
        var chars = new System.Text.StringBuilder();
        for (var i = 0; i < glob.Length; i++)
        {
            switch (glob[i])
            {
                case '*':
                    break;
                case '?':
                    chars.Append('x');
                    break;
                case '[' when glob.IndexOf(']', i + 1) is var end and > 0:
                    var first = glob[i + 1] is '!' or '^' ? 'x' : glob[i + 1];
                    chars.Append(first);
                    i = end;
                    break;
                default:
                    chars.Append(glob[i]);
                    break;
            }
        }

        return chars.ToString();
    }

    private static void Add(List<string> profiles, string name)
    {
        if (!profiles.Contains(name))
        {
            profiles.Add(name);
        }
    }
}
