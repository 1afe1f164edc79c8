namespace Cpupolicy.Compiler.Probe;

/// <summary>The architecture of the probe guest.</summary>
public enum ProbeArch
{
    /// <summary>A multiboot x86 guest that reads CPUID and a few MSRs (qemu-system-x86_64).</summary>
    X86,

    /// <summary>A raw A64 guest that reads MIDR_EL1, the ID registers and CNTFRQ_EL0 (qemu-system-aarch64 -M virt).</summary>
    Aarch64,
}
