using Cpupolicy.Compiler.Inventory;
using Cpupolicy.Core.Database;
using Cpupolicy.Tests.Cli;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Inventory;

/// <summary>
/// libvirt's view of an aarch64 host as an inventory: <c>virsh capabilities</c> (vendor + part as libvirt's model),
/// <c>virsh domcapabilities</c> (the GIC version), a bare <c>&lt;cpu&gt;</c> with <c>sve</c>. The files are the
/// modelled ones in Inventory/Arm64Libvirt (its README says how they were written).
/// </summary>
public sealed class Arm64LibvirtInventoryTests
{
    private static string Host(string name) => Path.Combine(RepoData.RepoRoot, "tests", "Cpupolicy.Tests", "Inventory", "Arm64Libvirt", name);

    [Fact]
    public void Virsh_capabilities_of_a_kunpeng_host_give_vendor_and_part()
    {
        var host = InventoryReader.Read(Host("kunpeng-920-tsv110.capabilities.xml"));
        Assert.Equal(InventoryFormat.Arm64Libvirt, host.Format);
        Assert.Equal(CpuVendor.HiSilicon, host.Vendor);
        Assert.Equal("aarch64", host.ForeignArch);
        Assert.Equal(0x48, host.Arm64!.Midr!.Value.Implementer);
        Assert.Equal(0xd01, host.Arm64.Midr.Value.Part);
        Assert.Equal("HiSilicon Kunpeng-920 (TSV110)", host.Arm64.Describe()); // libvirt states no revision
        Assert.True(host.Arm64.Features.IsEmpty); // libvirt lists no aarch64 features but SVE and pauth
        Assert.Empty(host.Warnings);
    }

    [Fact]
    public void Host_shows_vendor_part_and_libvirt_model()
    {
        var result = CliRunner.Run("host", Host("kunpeng-920-tsv110.capabilities.xml"), "--json");
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        var json = result.Json;
        Assert.Equal("aarch64 libvirt capabilities", json.GetProperty("format").GetString());
        Assert.Equal("hisilicon", json.GetProperty("vendor").GetString());
        Assert.Equal("HiSilicon", json.GetProperty("implementer").GetString());
        Assert.Equal("Kunpeng-920 (TSV110)", json.GetProperty("part").GetString());
        Assert.Equal("0xd01", json.GetProperty("part_number").GetString());
        Assert.Equal("Kunpeng-920", json.GetProperty("libvirt_model").GetString());

        var text = CliRunner.Run("host", Host("kunpeng-920-tsv110.capabilities.xml"));
        Assert.Contains("vendor:   HiSilicon (implementer 0x48)", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("part:     Kunpeng-920 (TSV110) (0xd01), libvirt model Kunpeng-920", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Domain_capabilities_give_the_gic_version()
    {
        var host = InventoryReader.Read(Host("kunpeng-920.domcapabilities.xml"));
        Assert.Equal(InventoryFormat.Arm64Libvirt, host.Format);
        Assert.Null(host.Arm64!.Midr); // no host-model on aarch64: domcapabilities do not name the CPU
        Assert.Equal("3", host.Arm64.GicVersion);
        Assert.Contains("gic:      version 3", CliRunner.Run("host", Host("kunpeng-920.domcapabilities.xml")).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cpu_with_sve_and_pauth_gives_those_features_and_ignores_vector_lengths()
    {
        var host = InventoryReader.Parse(
            "<cpu>\n  <arch>aarch64</arch>\n  <model>Neoverse-V1</model>\n  <vendor>ARM</vendor>\n  <feature name='sve'/>\n  <feature name='sve256'/>\n  <feature name='pauth'/>\n  <feature name='bogus'/>\n</cpu>\n",
            "v1.xml");
        Assert.Equal("ARM Neoverse-V1", host.Arm64!.Describe());
        var names = host.Arm64.Database.Expand(host.Arm64.Features).Select(f => f.Name).ToList();
        Assert.Contains("sve", names);
        Assert.Contains("paca", names);
        Assert.Contains("pacg", names);
        Assert.Contains(host.Warnings, w => w.Code == "CP0407" && w.Message.Contains("`bogus`", StringComparison.Ordinal));
    }

    [Fact]
    public void An_x86_capabilities_file_is_still_the_x86_reader()
    {
        var path = Path.Combine(RepoData.RepoRoot, "data", "samples", "spr-vm.virsh-capabilities.xml");
        Assert.Equal(InventoryFormat.LibvirtHostCpu, InventoryReader.Detect(File.ReadAllText(path), path));
    }

    [Fact]
    public void A_model_libvirt_does_not_know_is_CP1017()
    {
        var e = Assert.Throws<Core.Diagnostics.DiagnosticException>(() => InventoryReader.Parse("<cpu><arch>aarch64</arch><model>Kunpeng-930</model></cpu>", "k.xml"));
        Assert.Equal("CP1017", e.Diagnostic.Code);
        Assert.Contains("Kunpeng-920", e.Diagnostic.Hint, StringComparison.Ordinal);
    }
}
