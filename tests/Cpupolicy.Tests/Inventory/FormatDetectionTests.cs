using Cpupolicy.Compiler.Inventory;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Inventory;

/// <summary>Formats are told apart by content alone; file names and extensions play no part.</summary>
public class FormatDetectionTests
{
    public static TheoryData<string, InventoryFormat> Snippets() => new()
    {
        { "CPU:\n   0x00000000 0x00: eax=0x00000016 ebx=0x756e6547 ecx=0x6c65746e edx=0x49656e69\n", InventoryFormat.CpuidDump },
        { "   0x00000000 0x00: eax=0x00000016 ebx=0x756e6547 ecx=0x6c65746e edx=0x49656e69\n", InventoryFormat.CpuidDump },
        { "<!-- Intel(R) Core(TM) i7 -->\n<cpudata arch='x86'>\n</cpudata>", InventoryFormat.LibvirtCpuData },
        { "<?xml version='1.0'?>\n<cpu><model>Haswell</model></cpu>", InventoryFormat.LibvirtHostCpu },
        { "<capabilities><host><cpu/></host></capabilities>", InventoryFormat.LibvirtHostCpu },
        { "  <host>\n    <cpu/>\n  </host>", InventoryFormat.LibvirtHostCpu },
        { "<domainCapabilities><cpu/></domainCapabilities>", InventoryFormat.LibvirtHostCpu },
        { "processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu\n", InventoryFormat.ProcCpuinfo },
        { "17cbfbff-f7fa3223-2d93fbff-00000123\n", InventoryFormat.XenFeatureset },
        { "17cbfbff:f7fa3223:2d93fbff:00000123", InventoryFormat.XenFeatureset },
        { "Raw                             17cbfbff:f7fa3223:2d93fbff:00000123\n  [00] CPUID 0x00000001.edx     fpu\n", InventoryFormat.XenFeatureset },
        { "cpu_count: 8; vendor: GenuineIntel; features_hvm_host: 17cbfbff-f7fa3223", InventoryFormat.XenFeatureset },
        { "apiVersion: v1\nkind: Node\nmetadata:\n  labels:\n    cpu-vendor.node.kubevirt.io/Intel: \"true\"\n", InventoryFormat.KubevirtNode },
        { "{\"kind\": \"Node\", \"metadata\": {\"labels\": {}}}", InventoryFormat.KubevirtNode },
        { "serial noise\ncpupolicy-probe v1\nend\n", InventoryFormat.Probe },
    };

    [Theory]
    [MemberData(nameof(Snippets))]
    public void Format_is_detected_by_content(string text, InventoryFormat format) =>
        Assert.Equal(format, InventoryReader.Detect(text, "input"));

    [Theory]
    [InlineData("samples/spr-vm.cpuid-r.txt", InventoryFormat.CpuidDump)]
    [InlineData("samples/spr-vm.proc-cpuinfo.txt", InventoryFormat.ProcCpuinfo)]
    [InlineData("samples/spr-vm.virsh-capabilities.xml", InventoryFormat.LibvirtHostCpu)]
    [InlineData("libvirt-11.3.0/cputestdata/x86_64-cpuid-Core-i7-8700.xml", InventoryFormat.LibvirtCpuData)]
    [InlineData("libvirt-11.3.0/cputestdata/x86_64-cpuid-Core-i7-8700-host.xml", InventoryFormat.LibvirtHostCpu)]
    public void Real_inventory_files_are_detected_whatever_their_name(string relative, InventoryFormat format)
    {
        var source = RepoData.Require(relative);
        var renamed = Path.Combine(Path.GetTempPath(), $"cpupolicy-{Guid.NewGuid():N}.yaml");
        File.Copy(source, renamed);
        try
        {
            Assert.Equal(format, InventoryReader.Detect(File.ReadAllText(renamed), renamed));
        }
        finally
        {
            File.Delete(renamed);
        }
    }
}
