namespace Cpupolicy.Compiler.Probe;

/// <summary>The QEMU accelerator a probe runs under.</summary>
public enum ProbeAccelerator
{
    /// <summary>KVM where it is hardware-assisted and usable (<see cref="KvmDetection"/>), else TCG.</summary>
    Auto,

    /// <summary>QEMU's emulator: the same on every host; drops the features it cannot emulate, with a warning.</summary>
    Tcg,

    /// <summary>The host's KVM: drops the features the host lacks, with a warning.</summary>
    Kvm,
}
