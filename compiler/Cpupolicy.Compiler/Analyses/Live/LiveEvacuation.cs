using Cpupolicy.Compiler.Backends;
using Cpupolicy.Core.Backends;
using Cpupolicy.Core.Database;
using Cpupolicy.Compiler.Semantics.Binding;
using Cpupolicy.Core.Globs;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Analyses.Live;

/// <summary>
/// <c>evacuate --live</c>: every VM running on a host, judged by the CPU it booted with (not by the profile the
/// policy gives it now: a VM keeps its boot CPU until it boots again, whatever changed since). A VM can go to a
/// host of the host's pools (else any other host of the policy) when <see cref="MigrationCheck"/> says so. For a VM
/// that cannot, the fix: when its profile fits some other host, give it the profile and cold-restart it; else the
/// policy has nothing that lets it move.
/// </summary>
public static class LiveEvacuation
{
    public static LiveEvacuationReport Plan(FleetPolicy policy, string hostName, ILiveVmSource source, BackendRegistry? backends = null, ModelDatabase? models = null)
    {
        backends ??= BackendRegistry.Default;
        models ??= ModelDatabase.Default;
        var host = policy.RequireHost(hostName, "--host");
        var pools = policy.PoolsOf(host.Name);
        var candidates = (pools.Count > 0 ? pools.SelectMany(p => p.Hosts) : policy.Hosts)
            .Where(h => h.Name != host.Name)
            .DistinctBy(h => h.Name)
            .ToList();
        var vms = source.RunningOn(host.Name)
            .OrderBy(v => v.Name, StringComparer.Ordinal)
            .Select(vm => Judge(vm, host, candidates, policy, source, backends, models))
            .ToList();
        return new LiveEvacuationReport
        {
            Host = host.Name,
            Platform = source.Platform,
            Candidates = candidates.Select(c => c.Name).ToList(),
            Vms = vms,
        };
    }

    /// <summary>The profile the policy gives a VM of this name: the first matching <c>vm</c> rule, else the default.</summary>
    public static (string Profile, string Reason)? ProfileOf(FleetPolicy policy, string vmName)
    {
        foreach (var rule in policy.VmRules)
        {
            if (rule.Glob is { } glob && GlobCover.Matches(glob, vmName))
            {
                return (rule.ProfileName, $"vm \"{glob}\"");
            }
        }

        return policy.Default is { } d ? (d.ProfileName, "default") : null;
    }

    /// <summary>Decodes a running VM's boot CPU; null and the reason when the platform's record does not tell it.</summary>
    public static (VmCpu? Cpu, string? Unknown) Cpu(LiveVm vm, BackendRegistry backends, ModelDatabase models)
    {
        if (vm.CpuText is null)
        {
            return (null, vm.CpuUnknownReason ?? "the platform records no CPU for it");
        }

        try
        {
            return (VmCpuReader.Parse(vm.CpuText, vm.Source, backends, models), null);
        }
        catch (DiagnosticException e)
        {
            return (null, $"{e.Diagnostic.Message} [{e.Diagnostic.Code}]");
        }
    }

    private static LiveVmVerdict Judge(LiveVm vm, HostSymbol from, IReadOnlyList<HostSymbol> candidates, FleetPolicy policy, ILiveVmSource source, BackendRegistry backends, ModelDatabase models)
    {
        var (cpu, unknown) = Cpu(vm, backends, models);
        var targets = new List<string>();
        var blocked = new SortedDictionary<string, FeatureSet>(StringComparer.Ordinal);
        var vendorBlocked = new List<string>();
        var features = FeatureSet.Empty;
        foreach (var candidate in candidates)
        {
            if (cpu is null)
            {
                blocked[candidate.Name] = FeatureSet.Empty;
                continue;
            }

            var verdict = MigrationCheck.Check(cpu, from, candidate);
            features = verdict.VmFeatures;
            if (verdict.Compatible)
            {
                targets.Add(candidate.Name);
                continue;
            }

            blocked[candidate.Name] = verdict.Missing;
            if (verdict.VendorMismatch)
            {
                vendorBlocked.Add(candidate.Name);
            }
        }

        var assigned = ProfileOf(policy, vm.Name);
        var verdictBase = new LiveVmVerdict
        {
            Vm = vm,
            Profile = assigned?.Profile,
            ProfileReason = assigned?.Reason,
            Features = features,
            CpuUnknown = unknown,
            Targets = targets,
            BlockedBy = blocked,
            VendorBlocked = vendorBlocked,
        };
        if (targets.Count > 0)
        {
            return verdictBase with { Fix = LiveFixKind.None, FixText = "none: it can live-migrate as it runs" };
        }

        if (candidates.Count == 0)
        {
            return verdictBase with { Fix = LiveFixKind.ChangePolicy, FixText = "the host has no other host in its pools: add one, or shut the VM down for the update" };
        }

        if (assigned is not { } a || policy.FindProfile(a.Profile)?.Profile is not { } profile)
        {
            return verdictBase with
            {
                Fix = LiveFixKind.ChangePolicy,
                FixText = "no `vm` rule or `default` of the policy names it: add a rule with a profile that fits the other hosts, then cold-restart it; or shut it down for the update",
            };
        }

        var after = candidates
            .Where(c => (profile.Features - c.Capability).IsEmpty
                && (profile.Vendor == CpuVendor.Unknown || c.Vendor == CpuVendor.Unknown || profile.Vendor == c.Vendor))
            .Select(c => c.Name)
            .ToList();
        if (after.Count == 0)
        {
            return verdictBase with
            {
                Fix = LiveFixKind.ChangePolicy,
                FixText = $"its profile `{profile.Name}` ({a.Reason}) cannot run on {string.Join(", ", candidates.Select(c => c.Name))} either: shut it down for the update, or give it another profile in the policy",
            };
        }

        return verdictBase with
        {
            Fix = LiveFixKind.ColdRestart,
            TargetsAfterFix = after,
            FixText = $"cold restart with profile `{profile.Name}` ({a.Reason}): {source.ColdRestartHint(profile.Name)}; it can then go to {string.Join(", ", after)}",
        };
    }
}
