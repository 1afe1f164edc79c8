using Cpupolicy.Compiler.Analyses;
using Cpupolicy.Core.Database;
using Cpupolicy.Compiler.Inventory;

namespace Cpupolicy.Tests.Live;

/// <summary>What XCP-ng admins have at hand: <c>xe host-cpu-info</c> as an inventory, <c>last_boot_CPU_flags</c> as a VM.</summary>
public sealed class XeInventoryTests
{
    private static string Recorded(string file) => Path.Combine(Infrastructure.RepoData.RepoRoot, "tests", "Cpupolicy.Tests", "Live", "Recorded", "xapi", file);

    [Fact]
    public void Xe_host_cpu_info_is_read_as_a_xen_featureset_with_its_signature()
    {
        var host = InventoryReader.Read(Recorded("host-cpu-info-hera.txt"));
        Assert.Equal(InventoryFormat.XenFeatureset, host.Format);
        Assert.Equal(CpuVendor.Intel, host.Vendor);
        Assert.Equal((6, 63, 2), (host.Family, host.Model, host.Stepping));
        var db = FeatureDatabase.Default;
        Assert.True(host.Features.Contains(db.Get("avx2")));
        Assert.NotNull(host.DefaultFeatures);
        Assert.Empty(host.Warnings);
    }

    [Fact]
    public void Features_hvm_is_the_capability_and_features_hvm_host_the_default()
    {
        var db = FeatureDatabase.Default;
        var text = File.ReadAllText(Recorded("host-cpu-info-hera.txt"));
        // Take AVX2 (leaf 7 EBX bit 5: word 5, 0x20) out of the default set only.
        var lines = text.Split('\n').Select(l => l.TrimStart().StartsWith("features_hvm_host:", StringComparison.Ordinal) ? l.Replace("-000007ab-", "-0000078b-", StringComparison.Ordinal) : l);
        var host = InventoryReader.Parse(string.Join('\n', lines), "hera.txt");
        Assert.True(host.Features.Contains(db.Get("avx2")));
        Assert.False(host.DefaultFeatures!.Contains(db.Get("avx2")));
        var symbol = FleetHost.From("hera", host, db).Symbol;
        Assert.True(symbol.Capability.Contains(db.Get("avx2")));
        Assert.False(symbol.DefaultView.Contains(db.Get("avx2")));
        Assert.True(symbol.DefaultView.Contains(db.Get("hypervisor")));
    }

    [Fact]
    public void A_mangled_host_cpu_info_line_is_pointed_at()
    {
        var text = File.ReadAllText(Recorded("host-cpu-info-zeus.txt")).Replace("               family: 6\n", "               family 6\n", StringComparison.Ordinal);
        var e = Assert.Throws<Cpupolicy.Core.Diagnostics.DiagnosticException>(() => InventoryReader.Parse(text, "zeus.txt"));
        Assert.Equal("CP0409", e.Diagnostic.Code);
        Assert.Equal(8, e.Diagnostic.Span.Line);
    }

    [Fact]
    public void Host_cpu_info_works_as_a_migrate_destination()
    {
        var result = Cli.CliRunner.Run("migrate", "--vm", Recorded("last-boot-CPU-flags-db-01.txt"), "--to", Recorded("host-cpu-info-zeus.txt"), "--json");
        Assert.True(result.ExitCode == 3, result.Stderr + result.Stdout);
        Assert.Equal("xapi", result.Json.GetProperty("vm").GetProperty("kind").GetString());
        Assert.Equal("GenuineIntel", result.Json.GetProperty("vm").GetProperty("vendor").GetString());
        Assert.Contains(result.Json.GetProperty("missing").EnumerateArray(), f => f.GetProperty("name").GetString() == "avx2");
        var back = Cli.CliRunner.Run("migrate", "--vm", Recorded("last-boot-CPU-flags-db-01.txt"), "--to", Recorded("host-cpu-info-hera.txt"));
        Assert.True(back.ExitCode == 0, back.Stderr + back.Stdout);
    }
}
