using Cpupolicy.Compiler.Analyses;
using Cpupolicy.Compiler.Inventory;
using Cpupolicy.Core.Database;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Inventory;

/// <summary>Real aarch64 /proc/cpuinfo texts (data/samples/aarch64, sources in its README): decode, minimum, migrate.</summary>
public sealed class Arm64InventoryTests
{
    private static HostCapability Sample(string name) =>
        InventoryReader.Read(Path.Combine(RepoData.RepoRoot, "data", "samples", "aarch64", name));

    private static List<string> Names(HostCapability h) => h.Arm64!.Database.Expand(h.Arm64.Features).Where(f => f.IsHwcap).Select(f => f.Name).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public void Kunpeng_920_cpuinfo_gives_vendor_part_and_its_hwcaps()
    {
        var host = Sample("kunpeng-920-taishan-2280.cpuinfo");
        Assert.Equal(InventoryFormat.Arm64ProcCpuinfo, host.Format);
        Assert.Equal(CpuVendor.HiSilicon, host.Vendor);
        Assert.Equal("HiSilicon Kunpeng-920 (TSV110) r1p0", host.Arm64!.Describe());
        Assert.Equal(
            ["aes", "asimd", "asimddp", "asimdfhm", "asimdhp", "asimdrdm", "atomics", "crc32", "dcpop", "fcma", "fp", "fphp", "jscvt", "pmull", "sha1", "sha2"],
            Names(host));
        Assert.True(host.Features.IsEmpty); // no x86 features: x86-only code sees a foreign host
        Assert.Equal("aarch64", host.ForeignArch);
        Assert.Contains(host.Warnings, w => w.Code == "CP1003");
    }

    [Fact]
    public void Neoverse_hosts_are_named_by_linux()
    {
        Assert.Equal("ARM Neoverse-N1 r3p1", Sample("neoverse-n1-ampere-altra.cpuinfo").Arm64!.Describe());
        Assert.Equal("ARM Neoverse-V1 r1p1", Sample("neoverse-v1-graviton3.cpuinfo").Arm64!.Describe());
        Assert.Contains("sve", Names(Sample("neoverse-v1-graviton3.cpuinfo")));
    }

    [Fact]
    public void Baseline_of_two_hosts_is_their_common_set()
    {
        var kunpeng = Sample("kunpeng-920-taishan-2280.cpuinfo");
        var n1 = Sample("neoverse-n1-ampere-altra.cpuinfo");
        var min = Arm64Fleet.Baseline([kunpeng.Arm64!, n1.Arm64!]);
        var common = Names(kunpeng).Intersect(Names(n1)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(common, min.Database.Expand(min.Features).Where(f => f.IsHwcap).Select(f => f.Name).Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public void Migrating_from_the_richer_to_the_poorer_names_each_missing_hwcap()
    {
        var v1 = Sample("neoverse-v1-graviton3.cpuinfo");
        var kunpeng = Sample("kunpeng-920-taishan-2280.cpuinfo");
        var missing = Arm64Fleet.Missing(v1.Arm64!.Levels, kunpeng.Arm64!).Where(f => f.IsHwcap).Select(f => f.Name).ToList();
        Assert.Equal(Names(v1).Except(Names(kunpeng)).Order(StringComparer.Ordinal), missing.Order(StringComparer.Ordinal));
        Assert.Empty(Arm64Fleet.Missing(Arm64Fleet.Baseline([v1.Arm64!, kunpeng.Arm64!]), kunpeng.Arm64!));
    }

    [Fact]
    public void An_id_register_dump_is_read_field_by_field()
    {
        var host = InventoryReader.Parse(
            """{"arch":"aarch64","registers":{"MIDR_EL1":"0x414fd0c1","ID_AA64ISAR0_EL1":"0x0000100010211120","ID_AA64PFR0_EL1":"0x1100000010111111"}}""",
            "n1.json");
        Assert.Equal(InventoryFormat.Arm64Registers, host.Format);
        Assert.Equal("ARM Neoverse-N1 r4p1", host.Arm64!.Describe());
        Assert.Contains("asimddp", Names(host));
        Assert.Contains("fphp", Names(host));
    }
}
