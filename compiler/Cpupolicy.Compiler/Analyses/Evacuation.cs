using Cpupolicy.Core.Database;
using Cpupolicy.Core.Ir;
using Cpupolicy.Compiler.Semantics.Binding;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// Computes an <see cref="EvacuationReport"/>. A profile is placed on a host when it derives from it (the host is
/// among <see cref="ProfileIr.Hosts"/>); its VMs may then be running there. They can move to another host of the
/// host's pools (XAPI evacuates within the pool) when that host has every feature of the profile and the same vendor
/// (<see cref="MigrationCheck"/>'s rule on the profile itself). A host in no pool is evacuated to the other hosts the
/// profile derives from. For an aarch64 profile a host of an older generation than the evacuated one cannot take
/// its VMs either: live migration between generations is one-way, older to newer (<see cref="Arm64Migration"/>).
/// </summary>
public static class Evacuation
{
    public static EvacuationReport Plan(FleetPolicy policy, string hostName)
    {
        var host = policy.RequireHost(hostName, "--host");
        var pools = policy.PoolsOf(host.Name);
        var used = policy.UsedProfiles().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var placed = policy.Profiles.Select(p => p.Profile).Where(p => p.Hosts.Contains(host.Name, StringComparer.Ordinal)).ToList();
        var poolHosts = pools.SelectMany(p => p.Hosts).Where(h => h.Name != host.Name).Distinct().ToList();
        var profiles = placed
            .Where(p => used.Contains(p.Name))
            .Select(p => Evacuate(p, policy, host, poolHosts.Count > 0 ? poolHosts : OtherHostsOf(p, policy, host)))
            .ToList();
        return new EvacuationReport
        {
            Host = host.Name,
            Candidates = poolHosts.Select(h => h.Name).ToList(),
            Profiles = profiles,
            Unused = placed.Where(p => !used.Contains(p.Name)).Select(p => p.Name).ToList(),
        };
    }

    private static List<HostSymbol> OtherHostsOf(ProfileIr profile, FleetPolicy policy, HostSymbol host) =>
        profile.Hosts.Where(h => h != host.Name).Select(h => policy.FindHost(h)).OfType<HostSymbol>().ToList();

    private static ProfileEvacuation Evacuate(ProfileIr profile, FleetPolicy policy, HostSymbol host, IReadOnlyList<HostSymbol> candidates)
    {
        var targets = new List<string>();
        var blocked = new SortedDictionary<string, FeatureSet>(StringComparer.Ordinal);
        var vendorBlocked = new List<string>();
        var oneWayBlocked = new List<string>();
        foreach (var candidate in candidates)
        {
            var missing = profile.Features - candidate.Capability;
            var vendorDiffers = profile.Vendor != CpuVendor.Unknown && candidate.Vendor != CpuVendor.Unknown && profile.Vendor != candidate.Vendor;
            var oneWay = profile.IsArm64 && host.Arm64 is { } from && candidate.Arm64 is { } to && !Arm64Migration.Allows(Arm64Migration.Direction(from, to));
            if (missing.IsEmpty && !vendorDiffers && !oneWay)
            {
                targets.Add(candidate.Name);
                continue;
            }

            blocked[candidate.Name] = missing;
            if (vendorDiffers)
            {
                vendorBlocked.Add(candidate.Name);
            }

            if (oneWay)
            {
                oneWayBlocked.Add(candidate.Name);
            }
        }

        return new ProfileEvacuation
        {
            Name = profile.Name,
            Globs = policy.GlobsOf(profile.Name),
            Targets = targets,
            BlockedBy = blocked,
            VendorBlocked = vendorBlocked,
            OneWayBlocked = oneWayBlocked,
            Arch = profile.Arch,
        };
    }
}
