using Cpupolicy.Compiler.Analyses;
using Cpupolicy.Compiler.Inventory;
using Cpupolicy.Core.Database;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Analyses;

/// <summary>
/// Issue 14, item 3: "offered by default" follows the targets. Before, every target got Xen's view: two EPYC
/// generations lost `osvw` and a Broadwell beside a Skylake lost TSX even for libvirt, where `virsh cpu-baseline` keeps them.
/// </summary>
public class GuestViewPerTargetTests
{
    private static readonly ModelDatabase Models = ModelDatabase.Default;

    private static FleetHost Host(string cpu) =>
        FleetHost.From(cpu, InventoryReader.Read(Path.Combine(RepoData.LibvirtTestData, $"x86_64-cpuid-{cpu}.xml")), Models.FeatureDb);

    [Fact]
    public void Zen_and_zen2_keep_osvw_for_kvm_targets_and_not_for_xen()
    {
        var hosts = new[] { Host("EPYC-7601-32-Core"), Host("Ryzen-9-3900X-12-Core") };
        var osvw = Models.FeatureDb.Find("osvw")!;
        Assert.Contains(osvw, Models.FeatureDb.Expand(FleetBaselineCalculator.Compute(hosts, ModelDatabase.Libvirt9, Models, GuestKinds.Kvm).Features));
        var xen = FleetBaselineCalculator.Compute(hosts, ModelDatabase.Libvirt9, Models, GuestKinds.Xen);
        Assert.DoesNotContain(osvw, Models.FeatureDb.Expand(xen.Features));
        Assert.Contains(xen.LeftOut(Models.FeatureDb), g => g.Features.Contains(osvw) && g.Reason.Contains("Xen", StringComparison.Ordinal));
        Assert.DoesNotContain(osvw, Models.FeatureDb.Expand(FleetBaselineCalculator.Compute(hosts, ModelDatabase.Libvirt9, Models, GuestKinds.Both).Features));
    }

    [Fact]
    public void Broadwell_beside_skylake_keeps_tsx_for_libvirt_as_virsh_does()
    {
        var hosts = new[] { Host("Xeon-E5-2650-v4"), Host("Xeon-Gold-6148") };
        var kvm = FleetBaselineCalculator.Compute(hosts, ModelDatabase.Libvirt9, Models, GuestKinds.Kvm);
        var hle = Models.FeatureDb.Find("hle")!;
        if (hosts.All(h => h.Symbol.Capability.Contains(hle)))
        {
            Assert.Contains(hle, Models.FeatureDb.Expand(kvm.Features));
            Assert.DoesNotContain("noTSX", kvm.Model!.Model.Name, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(Models.FeatureDb.Find("svm")!, Models.FeatureDb.Expand(GuestVisibility.KvmOffered));
        Assert.DoesNotContain(Models.FeatureDb.Find("vmx")!, Models.FeatureDb.Expand(GuestVisibility.KvmOffered));
    }

    [Fact]
    public void A_policy_targeting_only_kvm_hypervisors_takes_the_kvm_view_and_one_with_xen_too_the_intersection()
    {
        const string Hosts = "host a is EPYC-v1\nhost b is EPYC-Rome-v1\npool all = a, b\nprofile p = baseline(all)\n";
        var kvm = Cpupolicy.Compiler.Compilation.Compile(Hosts + "target libvirt\n", "p.cpupolicy");
        var both = Cpupolicy.Compiler.Compilation.Compile(Hosts + "target libvirt\ntarget xen\n", "p.cpupolicy");
        var osvw = Models.FeatureDb.Find("osvw")!;
        Assert.Contains(osvw, Models.FeatureDb.Expand(kvm.Profiles.Single().Profile.Features));
        Assert.DoesNotContain(osvw, Models.FeatureDb.Expand(both.Profiles.Single().Profile.Features));
    }
}
