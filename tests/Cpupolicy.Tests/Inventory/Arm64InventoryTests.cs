using Cpupolicy.Compiler.Analyses;
using Cpupolicy.Compiler.Inventory;
using Cpupolicy.Core.Database;
using Cpupolicy.Tests.Cli;
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

    /// <summary>
    /// Done-when: `host` decodes each real sample to the hwcaps of its Features line (less the kernel's own
    /// `evtstrm` and `cpuid`), its vendor and its part.
    /// </summary>
    [Theory]
    [InlineData("kunpeng-920-taishan-2280.cpuinfo", "hisilicon", "HiSilicon", "Kunpeng-920 (TSV110)")]
    [InlineData("neoverse-n1-ampere-altra.cpuinfo", "arm", "ARM", "Neoverse-N1")]
    [InlineData("neoverse-v1-graviton3.cpuinfo", "arm", "ARM", "Neoverse-V1")]
    public void Host_decodes_each_sample_to_its_hwcaps_vendor_and_part(string file, string vendor, string implementer, string part)
    {
        var path = Path.Combine(RepoData.RepoRoot, "data", "samples", "aarch64", file);
        var stated = File.ReadLines(path).First(l => l.StartsWith("Features", StringComparison.Ordinal)).Split(':')[1]
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(n => n is not ("evtstrm" or "cpuid")).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(stated, Names(Sample(file)));

        var result = CliRunner.Run("host", path, "--json");
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        Assert.Equal(vendor, result.Json.GetProperty("vendor").GetString());
        Assert.Equal(implementer, result.Json.GetProperty("implementer").GetString());
        Assert.Equal(part, result.Json.GetProperty("part").GetString());
        var features = result.Json.GetProperty("features").EnumerateArray().Select(f => f.GetString()!).ToList();
        Assert.All(stated, h => Assert.Contains(h, features));
    }

    /// <summary>Done-when: `baseline` of two real hosts is their common set (the CLI, not only the analysis).</summary>
    [Fact]
    public void Baseline_command_of_kunpeng_and_neoverse_n1_is_their_common_hwcaps()
    {
        var kunpeng = Path.Combine(RepoData.RepoRoot, "data", "samples", "aarch64", "kunpeng-920-taishan-2280.cpuinfo");
        var n1 = Path.Combine(RepoData.RepoRoot, "data", "samples", "aarch64", "neoverse-n1-ampere-altra.cpuinfo");
        var result = CliRunner.Run("baseline", kunpeng, n1, "--json");
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        var db = Core.Database.Arm64.Arm64Database.Default;
        var hwcaps = result.Json.GetProperty("features").EnumerateArray().Select(f => f.GetString()!).Where(n => db.Find(n)!.IsHwcap).Order(StringComparer.Ordinal);
        Assert.Equal(Names(Sample("kunpeng-920-taishan-2280.cpuinfo")).Intersect(Names(Sample("neoverse-n1-ampere-altra.cpuinfo"))).Order(StringComparer.Ordinal), hwcaps);
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
