using System.Runtime.InteropServices;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Probe.Arm64;

/// <summary>
/// Boots the aarch64 probe image: <c>qemu-system-aarch64 -M virt -accel A -cpu C -nographic -nodefaults -serial
/// stdio -no-reboot -m 64 -kernel IMAGE</c>. The <c>virt</c> board without <c>virtualization=on</c> or
/// <c>secure=on</c> gives the guest EL1 as its highest level and answers PSCI calls made with HVC; the guest powers
/// off with SYSTEM_OFF and QEMU exits with status 0.
/// </summary>
public static class Arm64ProbeRunner
{
    public const string DefaultQemu = "qemu-system-aarch64";

    public static ProbeRun Run(Arm64ProbeImage image, string cpu, ProbeRunOptions options)
    {
        var accelerator = Resolve(options.Accelerator);
        if (accelerator == ProbeAccelerator.Kvm && !(HostIsArm64 && KvmDetection.DeviceUsable()))
        {
            throw Error(DiagnosticCatalog.ProbeKvmUnavailable,
                HostIsArm64 ? "`--accel kvm` needs /dev/kvm, which cannot be opened here" : "`--accel kvm` runs an aarch64 guest only on an aarch64 host",
                "run the probe on the aarch64 host itself (`--accel kvm --qemu-cpu host`), or use `--accel tcg`");
        }

        var qemu = ToolLocator.Find(options.Qemu) ?? throw Error(DiagnosticCatalog.ProbeToolMissing,
            $"`{options.Qemu}` was not found",
            "install QEMU for aarch64 guests (Debian: `apt-get install qemu-system-arm`) or name it with `--qemu PATH`");
        var kernel = image.WriteTempFile();
        try
        {
            var result = QemuProcess.Run(qemu, Arguments(accelerator, cpu, kernel), options.Timeout, () => (
                $"the aarch64 probe guest did not power off within {options.Timeout.TotalSeconds:0.#} s (-cpu {cpu}, {(accelerator == ProbeAccelerator.Kvm ? "KVM" : "TCG")}); QEMU was killed",
                "an AArch32-only CPU (cortex-a7, cortex-a15, `aarch64=off`) cannot run the aarch64 guest; a loaded machine may need a longer `--timeout`"));
            var run = ProbeRun.From(cpu, accelerator, result);
            Check(run);
            return run;
        }
        finally
        {
            File.Delete(kernel);
        }
    }

    /// <summary>QEMU's arguments; the <c>-cpu</c> value is one argument, so no shell quoting is involved.</summary>
    public static IReadOnlyList<string> Arguments(ProbeAccelerator accelerator, string cpu, string kernel) =>
    [
        "-M", "virt",
        "-accel", accelerator == ProbeAccelerator.Kvm ? "kvm" : "tcg",
        "-cpu", cpu,
        "-nographic", "-nodefaults", "-serial", "stdio", "-no-reboot", "-m", "64",
        "-kernel", kernel,
    ];

    /// <summary><see cref="ProbeAccelerator.Auto"/>: KVM on an aarch64 host whose /dev/kvm opens, else TCG.</summary>
    public static ProbeAccelerator Resolve(ProbeAccelerator requested) =>
        requested != ProbeAccelerator.Auto ? requested
        : HostIsArm64 && KvmDetection.DeviceUsable() ? ProbeAccelerator.Kvm
        : ProbeAccelerator.Tcg;

    private static bool HostIsArm64 => RuntimeInformation.OSArchitecture == Architecture.Arm64;

    /// <summary>QEMU refusing the command line exits non-zero with a message and no guest output.</summary>
    private static void Check(ProbeRun run)
    {
        var qemuError = run.Stderr.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.Contains("warning:", StringComparison.Ordinal));
        if (!Arm64ProbeOutput.Started(run.Serial) && run.ExitCode != 0 && qemuError is not null)
        {
            throw Error(DiagnosticCatalog.ProbeQemuFailed,
                $"QEMU exited with status {run.ExitCode} before the probe ran: {qemuError}",
                "check the -cpu value; `qemu-system-aarch64 -M virt -cpu help` lists the models this QEMU knows");
        }
    }

    private static DiagnosticException Error(DiagnosticDescriptor descriptor, string message, string hint) =>
        new(descriptor.Create(SourceSpan.WholeFile(ProbeRunner.RunSpan), message, hint));
}
