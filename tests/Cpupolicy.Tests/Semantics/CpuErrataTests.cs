using Cpupolicy.Compiler.Analyses;
using Cpupolicy.Compiler.Database;
using Cpupolicy.Compiler.Emit;
using Cpupolicy.Compiler.Inventory;
using Cpupolicy.Policy.Diagnostics;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Semantics;

/// <summary>
/// Broken TSX (Intel erratum HSW136): a Haswell whose CPUID still reports <c>hle</c>/<c>rtm</c> cannot give them to a
/// guest (libvirt leaves them out of the host CPU, Xen turns TSX off), so a policy host, a fleet host and a host report
/// all leave them out, and a profile that adds them to such a host is refused like any feature the host lacks.
/// </summary>
public sealed class CpuErrataTests
{
    private static FeatureDatabase Db => FeatureDatabase.Default;

    private static string Dump(string cpu) => RepoData.Require($"libvirt-11.3.0/cputestdata/x86_64-cpuid-{cpu}.xml");

    [Fact]
    public void A_broken_tsx_haswell_states_tsx_but_no_guest_may_have_it()
    {
        var host = InventoryReader.Read(Dump("Core-i5-4670T")); // family 6, model 60, stepping 3
        var tsx = Db.SetOf("hle", "rtm");
        Assert.Equal(tsx, host.Features & tsx);
        Assert.Equal(tsx, CpuErrata.Unusable(host, Db));
        Assert.Equal(tsx, HostReport.Create(host).Dropped);
        Assert.True((FleetHost.From("h", host, Db).Symbol.Capability & tsx).IsEmpty);
    }

    [Fact]
    public void A_profile_that_adds_tsx_to_a_broken_tsx_host_is_refused_and_to_a_sound_one_is_not()
    {
        var policy = $"""
            host broken from "{Dump("Core-i5-4670T")}"
            host sound from "{Dump("Xeon-Gold-6148")}"
            profile on-broken = broken + {"{rtm}"}
            profile on-sound = sound + {"{rtm}"}
            """;
        var result = PolicyCompilation.Compile(policy, "tsx.cpupolicy");
        var lacks = result.Diagnostics.Where(d => d.Code == DiagnosticCatalog.HostLacksFeature.Code).ToList();
        var only = Assert.Single(lacks);
        Assert.Contains("profile `on-broken` has `rtm`, which host `broken` lacks", only.Message, StringComparison.Ordinal);
    }
}
