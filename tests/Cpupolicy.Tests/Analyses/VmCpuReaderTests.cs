using Cpupolicy.Compiler.Analyses;
using Cpupolicy.Compiler.Backends;
using Cpupolicy.Compiler.Database;
using Cpupolicy.Policy.Diagnostics;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Analyses;

/// <summary>How <c>migrate --vm</c> tells what it was given: every inventory format is an inventory, every artifact its backend's.</summary>
public class VmCpuReaderTests
{
    private static VmCpuKind Kind(string text, string source = "vm") =>
        VmCpuReader.Parse(text, source, BackendRegistry.Default, ModelDatabase.Default).Kind;

    /// <summary>The samples are one Sapphire Rapids VM; its virsh capabilities sample is cut off on purpose, so it is closed here.</summary>
    [Theory]
    [InlineData("samples/spr-vm.cpuid-r.txt", "")]
    [InlineData("samples/spr-vm.proc-cpuinfo.txt", "")]
    [InlineData("samples/spr-vm.virsh-capabilities.xml", "    </cpu>\n  </host>\n")]
    [InlineData("libvirt-11.3.0/cputestdata/x86_64-cpuid-Core-i7-3770.xml", "")]
    [InlineData("libvirt-9.0.0/cputestdata/x86_64-cpuid-Core-i7-3770-host.xml", "")]
    public void Inventories_are_inventories(string relative, string closing)
    {
        var path = RepoData.Require(relative);
        Assert.Equal(VmCpuKind.Inventory, Kind(File.ReadAllText(path) + closing, path));
    }

    [Theory]
    [InlineData("-cpu Haswell-v4,-hle,-rtm,enforce", VmCpuKind.Qemu)]
    [InlineData("IvyBridge-v2,+x2apic", VmCpuKind.Qemu)]
    [InlineData("cpuid = \"host,avx2=0\"", VmCpuKind.Xen)]
    [InlineData("host,avx2=0,bmi2=0", VmCpuKind.Xen)]
    [InlineData("name = \"web01\"\ncpuid = [ \"0x7,0:ebx=xxxxxxxxxxxxxxxxxxxxxxxxxx0xxxxx\" ]\n", VmCpuKind.Xen)]
    [InlineData("vendor: GenuineIntel; features: 1fcbfbff-f7fa3223-2c100800-00000121", VmCpuKind.Xapi)]
    [InlineData("1fcbfbff-f7fa3223-2c100800-00000121", VmCpuKind.Xapi)]
    [InlineData("<cpu mode='custom' match='exact'><model fallback='forbid'>IvyBridge</model></cpu>", VmCpuKind.Libvirt)]
    [InlineData("<domain type='kvm'><name>a</name><cpu><model>IvyBridge</model><feature policy='disable' name='rdrand'/></cpu></domain>", VmCpuKind.Libvirt)]
    [InlineData("model: IvyBridge\nfeatures:\n- name: rdrand\n  policy: disable\n", VmCpuKind.KubeVirt)]
    public void Artifacts_go_to_their_backends_decoder(string text, VmCpuKind kind) => Assert.Equal(kind, Kind(text));

    [Fact]
    public void Every_backends_own_artifact_is_recognised_with_the_features_it_controls()
    {
        var profile = new Cpupolicy.Compiler.Lowering.ProfileIr { Name = "p", Features = ModelDatabase.Default.Find(ModelDatabase.Qemu, "IvyBridge-v2")!.Features, Vendor = CpuVendor.Intel };
        foreach (var backend in BackendRegistry.Default.All)
        {
            var options = Cpupolicy.Compiler.Lowering.TargetOptions.Defaults(backend.Name);
            var vm = VmCpuReader.Parse(backend.Emit(profile, options), backend.Name, BackendRegistry.Default, ModelDatabase.Default);
            Assert.Equal(backend.Name, vm.Kind.ToString().ToLowerInvariant());
            Assert.Equal(profile.Features & backend.Controllable(profile, options) & vm.Controlled, vm.Features & backend.Controllable(profile, options));
            Assert.True(vm.Features.IsSubsetOf(vm.Controlled));
            Assert.Equal(backend.Name == "xen", vm.HostRelative);
        }
    }

    [Fact]
    public void A_malformed_artifact_gets_its_backends_diagnostic()
    {
        var e = Assert.Throws<DiagnosticException>(() => Kind("-cpu NoSuchModel-v9,+avx2"));
        Assert.StartsWith("CP05", e.Diagnostic.Code, StringComparison.Ordinal);
        Assert.Equal("vm", e.Diagnostic.Span.File);
    }
}
