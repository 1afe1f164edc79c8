namespace Cpupolicy.Compiler.Probe;

/// <summary>How to boot the probe: which QEMU, which accelerator, how long to wait.</summary>
public sealed record ProbeRunOptions
{
    public static ProbeRunOptions Default { get; } = new();

    /// <summary>The QEMU system emulator: a name looked up on PATH, or a path.</summary>
    public string Qemu { get; init; } = "qemu-system-x86_64";

    public ProbeAccelerator Accelerator { get; init; } = ProbeAccelerator.Auto;

    /// <summary>
    /// How long one boot may take before QEMU is killed. A TCG boot takes well under a second (BIOS, loader, a few
    /// dozen CPUID lines); the margin is for loaded CI machines.
    /// </summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(20);
}
