using Cpupolicy.Compiler.Lowering;

namespace Cpupolicy.Tests.Backends;

/// <summary>
/// The few representative profiles the real peers check (they are slow, so not 1000 cases): baselines of two real
/// hosts of one generation gap, of two servers, of two AMD hosts, of an Intel and an AMD host, and one whole host.
/// </summary>
public static class PeerProfiles
{
    private static readonly (string Name, string[] Hosts)[] Cases =
    [
        ("haswell-sandy", ["Core-i7-4600U", "Xeon-E5-2650"]),
        ("skylake-icelake", ["Xeon-Gold-6148", "Ice-Lake-Server"]),
        ("epyc-ryzen", ["EPYC-7601-32-Core", "Ryzen-9-3900X-12-Core"]),
        ("intel-amd", ["Xeon-E5-2650-v4", "EPYC-7601-32-Core"]),
        ("cooperlake", ["Cooperlake"]),
        ("core2", ["Core2-E6850"]),
    ];

    /// <summary>The profiles, bound to real hosts of libvirt's CPUID test data.</summary>
    public static IReadOnlyList<ProfileIr> All()
    {
        return Cases.Select(c => TestProfiles.OfHosts(c.Name, c.Hosts.Select(TestProfiles.Host).ToArray())).ToList();
    }
}
