using Cpupolicy.Core.Database;
using Cpupolicy.Compiler.Semantics.Binding;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Semantics.Checking;

/// <summary>
/// The check stage: evaluates every profile and enforces the language's semantics: closure under dependencies,
/// <c>require</c>/<c>forbid</c>/<c>vendor</c>, no feature that one of the profile's hosts lacks, and warnings for
/// non-migratable features, mixed vendors and <c>vm</c> rules that an earlier rule shadows.
/// </summary>
public sealed class PolicyChecker
{
    private readonly FeatureDatabase db;
    private readonly ModelDatabase models;
    private readonly List<Diagnostic> diagnostics = [];
    private readonly Arm64Checks arm64Checks = new();

    public PolicyChecker(FeatureDatabase db, ModelDatabase models)
    {
        this.db = db;
        this.models = models;
    }

    public CheckedPolicy Check(BoundPolicy policy)
    {
        diagnostics.Clear();
        var evaluator = new ProfileEvaluator(policy, models);
        var profiles = new List<CheckedProfile>();
        foreach (var profile in policy.Profiles)
        {
            var value = evaluator.Evaluate(profile.Name);
            profiles.Add(new CheckedProfile(profile, value));
            if (value.IsArm64 || value.Hosts.Any(h => h.Arm64 is not null))
            {
                arm64Checks.Check(profile, value, diagnostics);
                continue;
            }

            CheckDependencies(profile, value);
            ProfileRules.CheckConstraints(profile, value, f => f.Feature is { } x ? new ProfileRules.ResolvedName(x.Index, x.Name, null) : null, diagnostics);
            CheckHosts(profile, value);
            CheckMigratable(profile, value);
        }

        Arm64Checks.ReportForeign(evaluator.Foreign, diagnostics);

        if (policy.Profiles.Count == 0)
        {
            var file = policy.Files.Count > 0 ? policy.Files[0] : "<policy>";
            diagnostics.Add(DiagnosticCatalog.NoProfiles.Create(SourceSpan.WholeFile(file), "the policy declares no profile, so nothing will be compiled", "add `profile NAME = ...`"));
        }

        CheckVmRules(policy.VmRules);
        return new CheckedPolicy(policy, profiles, diagnostics.ToList());
    }

    private void CheckDependencies(ProfileSymbol profile, ProfileValue value)
    {
        foreach (var feature in db.Expand(value.Features))
        {
            var missing = feature.Requires.Where(r => !value.Features.Contains(db.Get(r))).ToList();
            foreach (var prerequisite in missing)
            {
                diagnostics.Add(DiagnosticCatalog.DependencyBroken.Create(
                    profile.Span,
                    $"profile `{profile.Name}` has `{feature.Name}` but not `{prerequisite}`, which `{feature.Name}` needs",
                    $"add `{prerequisite}` (e.g. `+ {{{prerequisite}}}`) or remove `{feature.Name}` and what depends on it (e.g. `- {{{feature.Name}}}`)"));
            }
        }
    }

    private void CheckHosts(ProfileSymbol profile, ProfileValue value)
    {
        ProfileRules.CheckHostsHaveFeatures(profile, value, set => db.Expand(set).Select(f => f.Name), diagnostics);

        var vendors = value.Hosts.Select(h => h.Vendor).Where(v => v != CpuVendor.Unknown).Distinct().ToList();
        if (vendors.Count > 1)
        {
            diagnostics.Add(DiagnosticCatalog.MixedVendors.Create(
                profile.Span,
                $"profile `{profile.Name}` derives from {string.Join(" and ", vendors.Select(v => v.Keyword()))} hosts: it keeps only the features both share, and Xen/XAPI never live-migrate across vendors",
                "split the profile per vendor if VMs must live-migrate under XAPI"));
        }
    }

    private void CheckMigratable(ProfileSymbol profile, ProfileValue value)
    {
        foreach (var f in db.Expand(value.Features).Where(f => !f.Migratable))
        {
            diagnostics.Add(DiagnosticCatalog.NonMigratableFeature.Create(
                profile.Span,
                $"profile `{profile.Name}` has `{f.Name}`, which pins a VM to its host (not live-migratable)",
                $"subtract it: `... - {{{f.Name}}}`, unless these VMs never migrate"));
        }
    }

    private void CheckVmRules(IReadOnlyList<VmRule> rules)
    {
        // Only globbed rules can shadow or be shadowed (the default rule has no glob). Indexed by literal prefix, so
        // a policy of 10,000 rules costs a few lookups per rule rather than a cover test against every earlier one.
        var earlier = new GlobPrefixIndex();
        var earlierRules = new List<VmRule>();
        foreach (var rule in rules)
        {
            if (rule.Glob is not { } glob)
            {
                continue;
            }

            if (earlier.FirstCovering(glob) is var shadowing and >= 0)
            {
                var cover = earlierRules[shadowing];
                diagnostics.Add(DiagnosticCatalog.ShadowedVmRule.Create(
                    rule.Span,
                    $"vm \"{glob}\" can never match: the earlier vm \"{cover.Glob}\" (line {cover.Span.Line}) matches every name it does",
                    "move the more specific rule above the general one"));
            }

            earlier.Add(glob);
            earlierRules.Add(rule);
        }
    }
}
