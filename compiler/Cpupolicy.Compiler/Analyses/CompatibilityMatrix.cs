using Cpupolicy.Core.Database;
using Cpupolicy.Compiler.Semantics.Binding;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// Every host of a policy against every profile (<see cref="MatrixCell"/>): the picture behind <c>cpupolicy report</c>.
/// A cell applies <see cref="MigrationCheck"/>'s rule to the profile itself, so a compatible cell means a VM booted
/// with the profile can start on, and live-migrate to, the host.
/// </summary>
public sealed record CompatibilityMatrix(IReadOnlyList<HostSymbol> Hosts, IReadOnlyList<string> Profiles, IReadOnlyList<string> UnusedProfiles, IReadOnlyList<MatrixCell> Cells)
{
    public static CompatibilityMatrix Build(FleetPolicy policy)
    {
        var used = policy.UsedProfiles().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var profiles = policy.Profiles.Select(p => p.Profile).ToList();
        var cells = new List<MatrixCell>();
        foreach (var host in policy.Hosts)
        {
            foreach (var profile in profiles)
            {
                cells.Add(new MatrixCell(
                    host.Name,
                    profile.Name,
                    profile.Features - host.Capability,
                    profile.Vendor != CpuVendor.Unknown && host.Vendor != CpuVendor.Unknown && profile.Vendor != host.Vendor,
                    profile.Hosts.Contains(host.Name, StringComparer.Ordinal)));
            }
        }

        return new CompatibilityMatrix(
            policy.Hosts,
            profiles.Select(p => p.Name).ToList(),
            profiles.Where(p => !used.Contains(p.Name)).Select(p => p.Name).ToList(),
            cells);
    }

    public MatrixCell Cell(string host, string profile) => Cells.First(c => c.Host == host && c.Profile == profile);
}
