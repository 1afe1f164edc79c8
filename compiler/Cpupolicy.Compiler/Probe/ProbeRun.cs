namespace Cpupolicy.Compiler.Probe;

/// <summary>One finished boot of the probe guest: what QEMU was given, what it printed, how long it took.</summary>
public sealed record ProbeRun
{
    /// <summary>The run of one QEMU boot (x86 and aarch64 probes alike).</summary>
    public static ProbeRun From(string cpu, ProbeAccelerator accelerator, QemuProcess.Result result) => new()
    {
        Cpu = cpu,
        Accelerator = accelerator,
        CommandLine = result.CommandLine,
        Serial = result.Stdout,
        Stderr = result.Stderr,
        ExitCode = result.ExitCode,
        Elapsed = result.Elapsed,
    };

    /// <summary>The <c>-cpu</c> value QEMU ran with (without <c>enforce</c>).</summary>
    public required string Cpu { get; init; }

    /// <summary>The accelerator used (never <see cref="ProbeAccelerator.Auto"/>).</summary>
    public required ProbeAccelerator Accelerator { get; init; }

    /// <summary>The full QEMU command line, for messages and for reproducing a run by hand.</summary>
    public required IReadOnlyList<string> CommandLine { get; init; }

    /// <summary>Everything the guest wrote on COM1 (BIOS messages first, then the probe output).</summary>
    public required string Serial { get; init; }

    /// <summary>QEMU's stderr: warnings such as "TCG doesn't support requested feature".</summary>
    public required string Stderr { get; init; }

    public required int ExitCode { get; init; }

    /// <summary>From starting QEMU to its exit.</summary>
    public required TimeSpan Elapsed { get; init; }
}
