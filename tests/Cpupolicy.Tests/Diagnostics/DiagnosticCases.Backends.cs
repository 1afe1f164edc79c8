using Cpupolicy.Compiler;
using Cpupolicy.Compiler.Backends;
using Cpupolicy.Core.Backends;
using Cpupolicy.Core.Ir;

namespace Cpupolicy.Tests.Diagnostics;

// CP05xx: the backends' decoders (artifact text back to features) and emitters (target options, model choice).
public static partial class DiagnosticCases
{
    /// <summary>A probe output of a Zhaoxin CPU (CentaurHauls): no QEMU 7.2 model has its vendor.</summary>
    private const string ZhaoxinProbe = """
        cpupolicy-probe v1
        cpuid 00000000 00000000 0000000d 746e6543 736c7561 48727561
        cpuid 00000001 00000000 000306c3 00000800 f7fa3223 0f8bfbff
        end

        """;

    private static IEnumerable<DiagnosticCase> Backends =>
    [
        Decode("CP0501", "qemu", "-cpu Haswell-v1,,+avx2"),
        Decode("CP0502", "libvirt", "<cpu><model>Haswell</model><feature policy='require' name='avx9'/></cpu>"),
        Decode("CP0503", "kubevirt", "model: Haswel"),
        Decode("CP0504", "xen", "cpuid = \"host,avx=maybe\""),
        Decode("CP0505", "libvirt", "<cpu mode='host-passthrough'/>"),
        Decode("CP0506", "xen", "cpuid = [ \"0x1:esx=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\" ]"),
        Decode("CP0507", "xapi", "featureset=0000000g-00000000"),
        Case("CP0508", "a target option the backend does not have", _ => CaseWorkspace.Compile("profile p = {fpu}\ntarget xen { colour blue }\n")),
        Case("CP0509", "a target option value the backend refuses", _ => CaseWorkspace.Compile("profile p = {fpu}\ntarget xen { format bogus }\n")),
        Case("CP0510", "model auto for a Zhaoxin host under qemu", ws =>
        {
            ws.Write("zhaoxin.txt", ZhaoxinProbe);
            var policy = ws.Write("p.cpupolicy", "host z from \"zhaoxin.txt\"\nprofile p = baseline(z)\ntarget qemu\n");
            return Compiler.Compilation.CompileFile(policy).Diagnostics.Select(d => d.Code);
        }),
        Decode("CP0511", "qemu", "-cpu " + new string('a', 2 << 20)), // the decoders' cap is 1 Mi characters
        Case("CP0520", "a KubeVirt model the Broadwell node cannot run", _ => CaseWorkspace.Compile(
            "host b is Broadwell-v4\nhost s is Skylake-Client-v4\npool all = b, s\nprofile p = baseline(all)\ntarget kubevirt { model Skylake-Client }\n")),
        Case("CP0530", "a Cooper Lake and an Ice Lake host under the xl libxl form (leaf 7 subleaf 1 only on one)", _ => CaseWorkspace.Compile(
            "host c is Cooperlake\nhost i is Icelake-Server\npool all = c, i\nprofile p = baseline(all)\ntarget xen\n")),
        Case("CP0531", "flush-l1d in a profile compiled for QEMU 7.2, which has no property for it", _ => CaseWorkspace.Compile(
            "profile p = {fpu, flush-l1d}\ntarget qemu\n")),
        Decode("CP0540", "proxmox", "cpu-model: p\n\treported-model Haswell\n\n# cpu: custom-p,flags=+avx2\n"),
        Decode("CP0541", "proxmox", "cpu-model: p\n\treported-model Haswell-v4\n"),
        Case("CP0542", "a KVM-leaf feature under proxmox hidden 1", _ => CaseWorkspace.Compile("profile p = {fpu, kvm-hint-dedicated}\ntarget proxmox { hidden 1 }\n")),
        Decode("CP0550", "nova", "[libvirt]\ncpu_mode = host-model\ncpu_models = Haswell\n"),
        Decode("CP0551", "nova", "[libvirt]\ncpu_mode = custom\ncpu_models = Haswell\n# openstack flavor set f --property trait:HW_CPU_X86_AVX512F=required\n"),
        Case("CP0552", "traits pin with a named model whose aes the profile lacks", _ => CaseWorkspace.Compile(
            "host h is Haswell-v1\nprofile p = baseline(h) - {aes}\ntarget nova {\n  model Haswell\n  traits pin\n}\n")),
    ];

    private static DiagnosticCase Decode(string code, string backend, string artifact) =>
        Case(code, $"{backend} decodes `{(artifact.Length > 60 ? artifact[..20] + "..." : artifact)}`", _ =>
            Thrown(() => BackendRegistry.Default.Get(backend).Decode(artifact, TargetOptions.Defaults(backend), "case")));
}
