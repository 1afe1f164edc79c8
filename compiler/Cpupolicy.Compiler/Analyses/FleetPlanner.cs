using Cpupolicy.Core.Database;
using Cpupolicy.Core.Ir;
using Cpupolicy.Compiler.Emit;
using Cpupolicy.Compiler.Semantics.Binding;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// Plans a fleet change (<c>plan --add FILE... --remove NAME...</c>): compiles the policy as it will be after the
/// change (<see cref="PolicyRewriter"/>), compares it with the policy as it is, and orders the work so that no VM is
/// stranded: new hosts join first, VMs leave the hosts being retired while those are still in the pool, the hosts
/// are retired, and only then are VMs cold-restarted onto their new profiles (a reboot keeps the old features).
/// </summary>
public static class FleetPlanner
{
    /// <summary>
    /// The pools added hosts join when none is named: the policy's only pool, or none when it has no pool; null when
    /// it has several (then the user must say which).
    /// </summary>
    public static IReadOnlyList<string>? DefaultPools(FleetPolicy before) => before.Pools.Count switch
    {
        1 => [before.Pools[0].Name],
        0 => [],
        _ => null,
    };

    public static FleetPlan Plan(FleetPolicy before, IReadOnlyList<HostAddition> added, IReadOnlyList<string> removed, IReadOnlyList<string> intoPools)
    {
        var db = FeatureDatabase.Default;
        foreach (var name in removed)
        {
            before.RequireHost(name, "--remove");
        }

        foreach (var pool in intoPools)
        {
            before.RequirePool(pool);
        }

        var declared = before.Hosts.Select(h => h.Name).Concat(before.Pools.Select(p => p.Name)).Concat(before.Profiles.Select(p => p.Profile.Name)).ToHashSet(StringComparer.Ordinal);
        foreach (var a in added)
        {
            if (declared.Contains(a.Name) && !removed.Contains(a.Name, StringComparer.Ordinal))
            {
                throw new DiagnosticException(DiagnosticCatalog.PlanHostAlreadyDeclared.Create(
                    SourceSpan.ForElement("--add", a.Path),
                    $"the policy already declares `{a.Name}`, the name `--add {a.Path}` would give the new host",
                    $"name the host yourself: `--add NEW-NAME={a.Path}`"));
            }

            // Read now, so that an unreadable inventory is an input error here rather than a blocker of the plan.
            FleetHost.Read([a.Path], null, db, ModelDatabase.Default);
        }

        var text = PolicyRewriter.Rewrite(before.Path, added, removed, intoPools);
        var after = FleetPolicy.From(before.Path, Compilation.Compile(text, before.Path));
        var blockers = after.Diagnostics.Where(d => d.IsError)
            .Select(d => DiagnosticCatalog.PlanBreaksPolicy.Create(d.Span, $"after the change: {d.Message}", d.Hint))
            .ToList();

        var pools = before.Pools.Select(p => PoolChangeOf(p, after)).ToList();
        var profiles = after.HasErrors ? [] : PolicyDiff.Compare(PolicySnapshot.FromPolicy(before), PolicySnapshot.FromPolicy(after)).Profiles;
        var vms = VmImpacts(before, after, removed).ToList();
        return new FleetPlan
        {
            Added = added,
            Removed = removed,
            IntoPools = intoPools,
            Pools = pools,
            Profiles = profiles,
            Vms = vms,
            Steps = Steps(added, removed, intoPools, profiles, vms, blockers.Count > 0, IsXapiFleet(before)),
            Blockers = blockers,
            PolicyAfter = text,
        };
    }

    private static PoolChange PoolChangeOf(PoolSymbol pool, FleetPolicy after)
    {
        var next = after.Result.Bound?.Pools.FirstOrDefault(p => p.Name == pool.Name);
        return new PoolChange(
            pool.Name,
            pool.Hosts.Select(h => h.Name).ToList(),
            next?.Hosts.Select(h => h.Name).ToList() ?? [],
            Baseline(pool.Hosts),
            next is null ? FeatureSet.Empty : Baseline(next.Hosts))
        {
            Arch = pool.Hosts.Count > 0 && pool.Hosts.All(h => h.Arm64 is not null) ? ProfileIr.Aarch64 : ProfileIr.X86,
        };
    }

    private static FeatureSet Baseline(IReadOnlyList<HostSymbol> hosts) =>
        hosts.Count == 0 ? FeatureSet.Empty : hosts.Select(h => h.DefaultView).Aggregate((a, b) => a & b);

    private static IEnumerable<VmImpact> VmImpacts(FleetPolicy before, FleetPolicy after, IReadOnlyList<string> removed)
    {
        var rules = before.VmRules.Concat(before.Default is { } d ? [d] : []);
        foreach (var rule in rules)
        {
            if (before.FindProfile(rule.ProfileName) is not { } old)
            {
                continue;
            }

            var running = old.Profile.Features;
            var next = after.HasErrors ? null : after.FindProfile(rule.ProfileName)?.Profile;
            var hosts = (next?.Hosts ?? old.Profile.Hosts.Except(removed, StringComparer.Ordinal))
                .Select(h => after.Result.Bound?.Hosts.FirstOrDefault(s => s.Name == h))
                .OfType<HostSymbol>()
                .ToList();
            var blocked = new SortedDictionary<string, FeatureSet>(StringComparer.Ordinal);
            var targets = new List<string>();
            var oneWayBlocked = new List<string>();
            var retired = old.Profile.Hosts.Intersect(removed, StringComparer.Ordinal).Select(before.FindHost).OfType<HostSymbol>().ToList();
            foreach (var host in hosts)
            {
                var missing = running - host.Capability;
                var vendorDiffers = old.Profile.Vendor != CpuVendor.Unknown && host.Vendor != CpuVendor.Unknown && host.Vendor != old.Profile.Vendor;

                // aarch64: from a retired host of a newer generation, VMs cannot live-migrate down (the one-way rule).
                var oneWay = old.Profile.IsArm64 && host.Arm64 is { } to
                    && retired.Any(r => r.Arm64 is { } from && !Arm64Migration.Allows(Arm64Migration.Direction(from, to)));
                if (missing.IsEmpty && !vendorDiffers && !oneWay)
                {
                    targets.Add(host.Name);
                }
                else
                {
                    blocked[host.Name] = missing;
                }

                if (oneWay)
                {
                    oneWayBlocked.Add(host.Name);
                }
            }

            yield return new VmImpact
            {
                Glob = rule.Glob,
                Profile = rule.ProfileName,
                Running = running,
                Gains = next is null ? FeatureSet.Empty : next.Features - running,
                Loses = next is null ? FeatureSet.Empty : running - next.Features,
                CannotMigrateTo = blocked,
                OnRetiredHosts = old.Profile.Hosts.Intersect(removed, StringComparer.Ordinal).ToList(),
                LiveTargets = targets,
                OneWayBlocked = oneWayBlocked,
                Arch = old.Profile.Arch,
            };
        }
    }

    /// <summary>
    /// Whether the steps may speak of XAPI pools: the policy compiles for XAPI (a target line, or none: every backend)
    /// and some host is x86. An aarch64 fleet runs KVM (there is no XAPI on aarch64), where a pool is the policy's word only.
    /// </summary>
    private static bool IsXapiFleet(FleetPolicy policy) =>
        (policy.Result.Lowered?.Targets.Any(t => t.Backend == "xapi") ?? false) && policy.Hosts.Any(h => h.Arm64 is null);

    private static List<PlanStep> Steps(
        IReadOnlyList<HostAddition> added, IReadOnlyList<string> removed, IReadOnlyList<string> intoPools,
        IReadOnlyList<ProfileChange> profiles, IReadOnlyList<VmImpact> vms, bool blocked, bool xapi)
    {
        var steps = new List<PlanStep>();
        void Add(string action, string description, IEnumerable<string> hosts, IEnumerable<string?> globs) =>
            steps.Add(new PlanStep(steps.Count + 1, action, description, hosts.ToList(), globs.ToList()));

        if (blocked)
        {
            Add("fix-policy", "Fix the policy first: after the change it no longer compiles (see the blockers).", [], []);
        }

        if (added.Count > 0)
        {
            var leveling = xapi
                ? " XAPI levels the pool over all its hosts from then on (a host older than the rest lowers it for VMs started afterwards); running VMs keep their features."
                : " Running VMs keep their features; VMs started afterwards get their profiles' new artifacts once the policy is deployed.";
            Add("add-hosts", $"Add {Names(added.Select(a => a.Name))} to {(intoPools.Count == 0 ? "the fleet" : "pool " + Names(intoPools))}.{leveling}", added.Select(a => a.Name), []);
        }

        var changed = profiles.Where(p => p.ArtifactsChanged.Count > 0).Select(p => p.Name).ToList();
        if (changed.Count > 0)
        {
            Add("deploy-policy", $"Recompile and deploy the policy (`cpupolicy compile`): the artifacts of {Names(changed)} change.", [], []);
        }

        foreach (var host in removed)
        {
            var leaving = vms.Where(v => v.OnRetiredHosts.Contains(host, StringComparer.Ordinal)).ToList();
            foreach (var group in leaving.GroupBy(v => v.LiveTargets.Count > 0))
            {
                var globs = group.Select(v => v.Glob).ToList();
                Add(
                    group.Key ? "move-vms" : "stop-vms",
                    group.Key
                        ? $"Move the VMs {Globs(globs)} off {host} while it is still in the pool: live-migrate them to {Names(group.SelectMany(v => v.LiveTargets).Distinct(StringComparer.Ordinal))}."
                        : $"Shut down the VMs {Globs(globs)} on {host}: no remaining host has every feature they booted with{(group.Any(v => v.OneWayBlocked.Count > 0) ? $" and is of a generation they may move to (aarch64 live migration goes from older to newer only, and {host} is newer)" : string.Empty)}; start them again after the policy is deployed.",
                    [host],
                    globs);
            }
        }

        if (removed.Count > 0)
        {
            Add("retire-hosts", $"Retire {Names(removed)}: take {(removed.Count == 1 ? "it" : "each")} out of the pool{(xapi ? " (XAPI: `xe pool-eject`)" : string.Empty)} once no VM runs there.", removed, []);
        }

        var restart = vms.Where(v => v.NeedsColdRestart).ToList();
        if (restart.Count > 0)
        {
            Add(
                "cold-restart",
                $"Cold-restart the VMs {Globs(restart.Select(v => v.Glob))}: a full shutdown and start (a reboot keeps the old features), so they boot with their new profiles" +
                (restart.Any(v => !v.Loses.IsEmpty) ? "; until then VMs whose profile lost features can run only on hosts that still have them." : "."),
                [],
                restart.Select(v => v.Glob));
        }

        return steps;
    }

    private static string Names(IEnumerable<string> names) => string.Join(", ", names);

    private static string Globs(IEnumerable<string?> globs) => string.Join(", ", globs.Select(g => g is null ? "(default)" : $"\"{g}\""));
}
