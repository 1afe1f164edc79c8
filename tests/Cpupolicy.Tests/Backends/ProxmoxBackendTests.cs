using Cpupolicy.Core.Backends.Proxmox;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Core.Ir;

namespace Cpupolicy.Tests.Backends;

public class ProxmoxBackendTests
{
    private static readonly FeatureDatabase Db = TestProfiles.Db;

    private static ProxmoxBackend Backend => (ProxmoxBackend)TestTargets.Backend("proxmox");

    private static ProfileIr Profile(params string[] names) => new()
    {
        Name = "p",
        Features = Db.CloseUnderRequires(Db.SetOf(names)),
        Vendor = CpuVendor.Intel,
    };

    [Fact]
    public void Emits_a_section_with_an_accepted_reported_model_then_the_vm_line()
    {
        var text = Backend.Emit(Profile("avx2", "aes"), TestTargets.Options("proxmox", ("phys-bits", "40"), ("hv-vendor-id", "testvend")));
        var lines = text.Split('\n');
        Assert.Contains("cpu-model: p", lines);
        Assert.Contains("\tphys-bits 40", lines);
        Assert.Contains("\thv-vendor-id testvend", lines);
        Assert.Equal("# cpu: custom-p", lines.Last(l => l.Length > 0));
        var reported = lines.Single(l => l.StartsWith("\treported-model ", StringComparison.Ordinal))["\treported-model ".Length..];
        Assert.Contains(reported, ProxmoxCatalog.ReportedModels.Keys);
    }

    [Fact]
    public void Proxmox_own_flags_for_kvm64_and_opteron_are_part_of_the_model()
    {
        // kvm64 gets +lahf_lm;+sep from Proxmox: a profile without them must say -lahf_lm;-sep.
        var kvm64 = Backend.Emit(Profile("fpu", "lm"), TestTargets.Options("proxmox", ("model", "kvm64")));
        Assert.Matches(@"flags .*-lahf[-_]lm", kvm64);
        Assert.Matches(@"flags .*-sep", kvm64);
        var cpu = Backend.Read("cpu-model: x\n\treported-model Opteron_G3\n", "t");
        Assert.False(cpu.Flags["rdtscp"].On);
    }

    [Fact]
    public void The_cpu_argument_is_the_one_proxmox_documents()
    {
        // qemu-server's own test fixture: reported-model athlon, +aes;+avx;-kvm_pv_unhalt, hv-vendor-id, phys-bits 40.
        const string conf = "cpu-model: qemu64\n\tflags +aes;+avx;-kvm_pv_unhalt\n\thv-vendor-id testvend\n\tphys-bits 40\n\treported-model athlon\n";
        Assert.Equal("-cpu athlon,+aes,+avx,enforce,+kvm_pv_eoi,-kvm_pv_unhalt,vendor=AuthenticAMD,phys-bits=40", Backend.CpuArgument(conf, kvm: true));
    }

    [Fact]
    public void A_vm_line_with_a_builtin_type_decodes()
    {
        var features = Backend.Decode("cpu: x86-64-v2-AES", TargetOptions.Defaults("proxmox"));
        Assert.True(features.Contains(Db.Get("aes")));
        Assert.True(features.Contains(Db.Get("sse4.2")));
        Assert.False(features.Contains(Db.Get("avx")));
    }

    [Theory]
    [InlineData("cpu-model: p\n\treported-model Haswell\n\n# cpu: custom-p,flags=+avx2\n", "CP0540")]
    [InlineData("cpu-model: p\n\treported-model Haswell\n\n# cpu: custom-p,reported-model=Haswell\n", "CP0540")]
    [InlineData("cpu-model: p\n\treported-model Dhyana\n", "CP0541")]
    [InlineData("cpu-model: p\n\treported-model Haswell\n\tflags +nested-virt\n", "CP0505")]
    [InlineData("cpu-model: p\n\treported-model Haswell\n\tflags +avx9\n", "CP0502")]
    [InlineData("cpu-model: p\n\treported-model Haswell\n\tphys-bits 70\n", "CP0504")]
    [InlineData("cpu-model: p\n\tcolour blue\n", "CP0501")]
    [InlineData("cpu-model: p\ncpu-model: q\n", "CP0501")]
    public void What_proxmox_refuses_is_a_diagnostic(string artifact, string code)
    {
        var e = Assert.Throws<DiagnosticException>(() => Backend.Decode(artifact, TargetOptions.Defaults("proxmox"), "t"));
        Assert.Equal(code, e.Diagnostic.Code);
    }

    [Theory]
    [InlineData("model", "Haswell-v4")]
    [InlineData("model", "GraniteRapids")]
    [InlineData("model", "Icelake-Client")]
    [InlineData("phys-bits", "7")]
    [InlineData("hv-vendor-id", "thirteen-chars")]
    public void An_option_value_proxmox_would_refuse_is_never_emitted(string key, string value)
    {
        var e = Assert.Throws<DiagnosticException>(() => Backend.Emit(Profile("avx"), TestTargets.Options("proxmox", (key, value))));
        Assert.Equal("CP0509", e.Diagnostic.Code);
    }

    [Fact]
    public void Recognizes_its_own_artifact_and_nothing_else()
    {
        Assert.True(Backend.Recognize(Backend.Emit(Profile("avx"), TargetOptions.Defaults("proxmox"))));
        Assert.True(Backend.Recognize("cpu: custom-web"));
        Assert.False(Backend.Recognize("model: Haswell\nfeatures: []\n"));
        Assert.False(Backend.Recognize("-cpu Haswell-v4,enforce"));
    }
}
