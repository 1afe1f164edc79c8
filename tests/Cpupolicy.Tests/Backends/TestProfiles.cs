using Cpupolicy.Core.Database;
using Cpupolicy.Compiler.Inventory;
using Cpupolicy.Core.Ir;
using Cpupolicy.Tests.Infrastructure;
using FsCheck;
using FsCheck.Fluent;

namespace Cpupolicy.Tests.Backends;

/// <summary>
/// Profiles for the backend laws: feature sets drawn from the database and closed under prerequisites, and profiles
/// bound to real hosts (a host's capability, or the baseline of two) from libvirt's CPUID test data.
/// </summary>
public static class TestProfiles
{
    private static readonly Lazy<IReadOnlyList<(string Name, HostCapability Host)>> HostsLazy = new(LoadHosts);

    public static FeatureDatabase Db => FeatureDatabase.Default;

    /// <summary>Real hosts (libvirt CPUID data, 11.3.0 test set, in data/).</summary>
    public static IReadOnlyList<(string Name, HostCapability Host)> Hosts => HostsLazy.Value;

    /// <summary>A capability as a hypervisor offers it: features whose prerequisites are all there.</summary>
    public static FeatureSet Usable(FeatureSet set) => Db.DropUnsatisfied(set);

    /// <summary>A profile of one host (its whole usable capability) or of the baseline of several.</summary>
    public static ProfileIr OfHosts(string name, params (string Name, HostCapability Host)[] hosts)
    {
        var baseline = hosts.Select(h => Usable(h.Host.Features)).Aggregate((a, b) => a & b);
        var vendors = hosts.Select(h => h.Host.Vendor).Distinct().ToList();
        return new ProfileIr
        {
            Name = name,
            Features = Usable(baseline),
            Vendor = vendors.Count == 1 ? vendors[0] : CpuVendor.Unknown,
            HostBaseline = baseline,
            Hosts = hosts.Select(h => h.Name).Order(StringComparer.Ordinal).ToList(),
            HostCpus = hosts.OrderBy(h => h.Name, StringComparer.Ordinal).Select(h => new ProfileHost(h.Name, GuestVisibility.GuestMaximum(Usable(h.Host.Features), Db)) { Leaves = Compiler.Semantics.Binding.HostLeaves.Of(h.Host.Raw) }).ToList(),
        };
    }

    public static (string Name, HostCapability Host) Host(string stem) =>
        Hosts.FirstOrDefault(h => h.Name == stem) is { Host: not null } found
            ? found
            : throw new InvalidOperationException($"no host {stem} in the CPUID test data");

    /// <summary>Generated profiles: a third free (no host), a third within one real host, a third within two.</summary>
    public static Arbitrary<ProfileIr> Arbitrary()
    {
        var gen =
            from seed in Gen.Choose(0, int.MaxValue - 1)
            from density in Gen.Elements(0.02, 0.1, 0.3, 0.6, 0.9, 1.0)
            from kind in Gen.Choose(0, 2)
            select Make(seed, density, kind);
        return Arb.From(gen);
    }

    /// <summary>Deterministic in its arguments, so FsCheck can replay a failing case.</summary>
    public static ProfileIr Make(int seed, double density, int kind)
    {
        var random = new Random(seed);
        var drawn = FeatureSet.Of(Db.Features.Where(_ => random.NextDouble() < density));
        var free = Db.CloseUnderRequires(drawn);
        if (kind == 0)
        {
            // Free profiles: no host; now and then bound to a vendor, to exercise vendor-specific model choice.
            var vendor = random.Next(4) switch { 0 => CpuVendor.Intel, 1 => CpuVendor.Amd, _ => CpuVendor.Unknown };
            return new ProfileIr { Name = $"free{seed}", Features = free, Vendor = vendor };
        }

        var hosts = Enumerable.Range(0, kind).Select(_ => Hosts[random.Next(Hosts.Count)]).DistinctBy(h => h.Name).ToArray();
        var bound = OfHosts($"hosts{seed}", hosts);
        return bound with { Features = Usable(bound.Features & free) };
    }

    private static IReadOnlyList<(string Name, HostCapability Host)> LoadHosts()
    {
        var folder = RepoData.LibvirtTestData;
        // Raw CPUID data only (<cpudata>); the folder also holds libvirt's expected <cpu> results.
        string[] notRaw = ["-disabled", "-enabled", "-json", "-guest", "-host", "-result", "baseline-"];
        return Directory.EnumerateFiles(folder, "x86_64-cpuid-*.xml")
            .Where(p => !notRaw.Any(n => Path.GetFileName(p).Contains(n, StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal)
            .Select(p => (Name: Path.GetFileNameWithoutExtension(p)["x86_64-cpuid-".Length..], Host: InventoryReader.Read(p)))
            .Where(h => h.Host.Format == InventoryFormat.LibvirtCpuData)
            .ToList();
    }
}
