using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Probe;

/// <summary>
/// Boots the probe image under QEMU with a given <c>-cpu</c> and collects the serial output:
/// <c>qemu-system-x86_64 -machine pc -accel A -nographic -nodefaults -serial stdio -no-reboot -m 32 -cpu C
/// -kernel IMAGE -device isa-debug-exit,iobase=0xf4,iosize=0x04</c>. The image is written to a temp file per run and
/// deleted afterwards. A run that outlives the timeout is killed (this QEMU process only).
/// </summary>
public static class ProbeRunner
{
    /// <summary>The name QEMU runs go by in diagnostics.</summary>
    public const string RunSpan = "<probe>";

    public static ProbeRun Run(ProbeImage image, string cpu, ProbeRunOptions options)
    {
        var accelerator = KvmDetection.Resolve(options.Accelerator);
        if (accelerator == ProbeAccelerator.Kvm && !KvmDetection.DeviceUsable())
        {
            throw Error(DiagnosticCatalog.ProbeKvmUnavailable,
                "`--accel kvm` needs /dev/kvm, which cannot be opened here",
                "load kvm_intel or kvm_amd and give this user access to /dev/kvm, or use `--accel tcg`");
        }

        var qemu = ToolLocator.Find(options.Qemu) ?? throw Error(DiagnosticCatalog.ProbeToolMissing,
            $"`{options.Qemu}` was not found",
            "install QEMU (Debian: `apt-get install qemu-system-x86`) or name it with `--qemu PATH`");
        var kernel = image.WriteTempFile();
        try
        {
            var arguments = Arguments(accelerator, cpu, kernel);
            return Boot(qemu, arguments, accelerator, cpu, options.Timeout);
        }
        finally
        {
            File.Delete(kernel);
        }
    }

    /// <summary>QEMU's arguments; the <c>-cpu</c> value is one argument, so no shell quoting is involved.</summary>
    public static IReadOnlyList<string> Arguments(ProbeAccelerator accelerator, string cpu, string kernel) =>
    [
        "-machine", "pc",
        "-accel", accelerator == ProbeAccelerator.Kvm ? "kvm" : "tcg",
        "-nographic", "-nodefaults", "-serial", "stdio", "-no-reboot", "-m", "32",
        "-cpu", cpu,
        "-kernel", kernel,
        "-device", $"isa-debug-exit,iobase=0x{ProbeLayout.DebugExitPort:x},iosize=0x04",
    ];

    private static ProbeRun Boot(string qemu, IReadOnlyList<string> arguments, ProbeAccelerator accelerator, string cpu, TimeSpan timeout)
    {
        var result = QemuProcess.Run(qemu, arguments, timeout, () => (
            $"the probe guest did not power off within {timeout.TotalSeconds:0.#} s (-cpu {cpu}, {Name(accelerator)}); QEMU was killed",
            accelerator == ProbeAccelerator.Kvm
                ? "try `--accel tcg`, or a longer `--timeout`"
                : "a loaded machine may need a longer `--timeout`"));
        var run = ProbeRun.From(cpu, accelerator, result);
        Check(run);
        return run;
    }

    /// <summary>
    /// isa-debug-exit makes QEMU exit with <see cref="ProbeLayout.DebugExitStatus"/>. Anything else is QEMU refusing
    /// the command line (status 1 with a message), or the guest dying before that write (a triple fault ends QEMU
    /// with status 0 under <c>-no-reboot</c>).
    /// </summary>
    private static void Check(ProbeRun run)
    {
        if (run.ExitCode == ProbeLayout.DebugExitStatus)
        {
            return;
        }

        var qemuError = run.Stderr.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.Contains("warning:", StringComparison.Ordinal));
        if (!run.Serial.Contains(Inventory.ProbeReader.Header, StringComparison.Ordinal) && qemuError is not null)
        {
            throw Error(DiagnosticCatalog.ProbeQemuFailed,
                $"QEMU exited with status {run.ExitCode} before the probe ran: {qemuError}",
                "check the -cpu value; `qemu-system-x86_64 -cpu help` lists the models and flags this QEMU knows");
        }

        throw Error(DiagnosticCatalog.ProbeGuestFailed,
            $"the probe guest stopped without powering off through isa-debug-exit (QEMU status {run.ExitCode}, {run.Serial.Length} bytes on the serial console)",
            "the guest faulted (a triple fault ends QEMU under -no-reboot); please report it with the -cpu value");
    }

    private static string Name(ProbeAccelerator accelerator) => accelerator == ProbeAccelerator.Kvm ? "KVM" : "TCG";

    private static DiagnosticException Error(DiagnosticDescriptor descriptor, string message, string? hint = null) =>
        new(descriptor.Create(SourceSpan.WholeFile(RunSpan), message, hint));
}
