using Cpupolicy.Compiler.Probe;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Diagnostics;

// CP09xx: `cpupolicy probe`. Runs that need QEMU's own behaviour use the real one (a peer: skipped outside CI when
// absent); the guest's misbehaviours (hanging, dying, QEMU warnings) come from a stand-in `qemu` script, given with
// --qemu, that behaves as QEMU does in those cases.
public static partial class DiagnosticCases
{
    private static IEnumerable<DiagnosticCase> Probe =>
    [
        Case("CP0901", "--qemu naming no executable", ws => Boot(Path.Combine(ws.Dir, "no-such-qemu"))),
        Case("CP0902", "a guest that never powers off", ws => Boot(ws.Script("qemu", "exec sleep 30"), "--timeout", "0.5")),
        Case("CP0903", "a -cpu value QEMU refuses", _ => CaseWorkspace.Cli("probe", "--accel", "tcg", "--qemu", Peers.RequireQemu(), "--qemu-cpu", "Nosuch-v9")),
        Case("CP0904", "QEMU ending without the guest's report", ws => Boot(ws.Script("qemu", "exit 0"))),
        Case("CP0905", "--profile the policy does not have", ws =>
            CaseWorkspace.Cli("probe", "--policy", ws.Write("p.cpupolicy", "profile p = model(qemu64)\n"), "--profile", "q")),
        Case("CP0907", "--libvirt with a connection libvirt cannot open", ws =>
        {
            Peers.RequireExecutable("virsh");
            var policy = ws.Write("p.cpupolicy", "profile p = model(qemu64)\n");
            return CaseWorkspace.Cli("probe", "--policy", policy, "--profile", "p", "--libvirt", "--libvirt-uri", $"test://{Path.Combine(ws.Dir, "no-such-node.xml")}");
        }),
        Case("CP0908", "--accel kvm where /dev/kvm cannot be opened", _ =>
        {
            if (!KvmDetection.DeviceUsable())
            {
                return CaseWorkspace.Cli("probe", "--accel", "kvm", "--qemu-cpu", "qemu64");
            }

            // KVM works here: run the CLI as a user that may not open /dev/kvm (root only drops its rights for it).
            Skip.If(Environment.UserName != "root" && !Peers.InCi, "/dev/kvm can be opened here and this user cannot drop the right to it");
            return CaseWorkspace.CliWithoutKvm("probe", "--accel", "kvm", "--qemu-cpu", "qemu64");
        }),
        Case("CP0909", "a QEMU warning about a feature the database does not know", ws =>
        {
            // A guest that ran to its end has printed its report and stopped QEMU through isa-debug-exit: status 0x10 << 1 | 1 = 33.
            var serial = string.Join("\\n", ProbeOutput.Split('\n'));
            var qemu = ws.Script("qemu", $"""
                printf '{serial}'
                echo "qemu-system-x86_64: warning: TCG doesn't support requested feature: CPUID.4000000AH:EAX.made-up [bit 3]" >&2
                exit 33
                """);
            return Boot(qemu);
        }),
        Case("CP0711", "an aarch64 guest whose register read traps", ws =>
        {
            // The aarch64 guest's exception report: ESR_EL1 class 0x18 (a trapped MSR/MRS), ELR_EL1 at the MRS of
            // the second register printed (ID_AA64DFR0_EL1), then PSCI SYSTEM_OFF (QEMU exits 0).
            var image = Cpupolicy.Compiler.Probe.Arm64.Arm64ProbeImage.Default;
            var mrs = image.ReaderOffsets.Single(r => r.Value == "ID_AA64DFR0_EL1").Key;
            var elr = Cpupolicy.Compiler.Probe.Arm64.Arm64ProbeImage.LoadAddress + (ulong)mrs;
            var qemu = ws.Script("qemu", $$"""
                printf 'cpupolicy-probe aarch64 1\nMIDR_EL1=0x00000000414fd0c1\nfault\nESR_EL1=0x0000000062300000\nELR_EL1=0x{{elr:x16}}\n'
                exit 0
                """);
            return CaseWorkspace.Cli("probe", "--arch", "aarch64", "--accel", "tcg", "--qemu", qemu, "--qemu-cpu", "max");
        }),
        Case("CP0712", "--expect naming an x86 inventory", ws =>
            CaseWorkspace.Cli("probe", "--arch", "aarch64", "--qemu-cpu", "max", "--expect", ws.Write("host.txt", ProbeOutput))),
        Case("CP0713", "an openEuler 8.2 artifact probed under TCG", ws =>
            Arm64Policy(ws, "target qemu {\n  release openeuler-8.2\n}\n")),
        Case("CP0714", "a -cpu host artifact probed under TCG", ws =>
            Arm64Policy(ws, "target qemu {\n  release 7.2\n}\n")),
        Case("CP0715", "an x86 profile probed with --arch aarch64", ws =>
            CaseWorkspace.Cli("probe", "--arch", "aarch64", "--accel", "tcg", "--policy", ws.Write("p.cpupolicy", "profile p = model(qemu64)\n"), "--profile", "p")),
    ];

    /// <summary>Probes an aarch64 profile without hosts under TCG with the given targets (refused before any boot).</summary>
    private static IReadOnlyList<string> Arm64Policy(CaseWorkspace ws, string targets) =>
        CaseWorkspace.Cli("probe", "--arch", "aarch64", "--accel", "tcg", "--policy", ws.Write("p.cpupolicy", "profile p = {asimddp}\n" + targets), "--profile", "p");

    /// <summary>The serial output of a probe guest (an Ivy Bridge's leaves), as a stand-in QEMU prints it.</summary>
    private const string ProbeOutput = """
        cpupolicy-probe v1
        cpuid 00000000 00000000 0000000d 756e6547 6c65746e 49656e69
        cpuid 00000001 00000000 000306a9 00100800 7fbae3ff bfebfbff
        end
        """;

    private static IReadOnlyList<string> Boot(string qemu, params string[] more) =>
        CaseWorkspace.Cli(["probe", "--accel", "tcg", "--qemu", qemu, "--qemu-cpu", "qemu64", .. more]);
}
