namespace Cpupolicy.Core.Diagnostics;

// CP09xx: `cpupolicy probe`, which boots the probe guest under QEMU (compiler/Cpupolicy.Compiler/Probe/) and reads
// the CPUID it sees. These name the QEMU run (or the policy) and say what to do; the guest's view itself is never an
// error, only a verdict (exit 3).
// CP0906 (no artifact to probe) is retired: a failed emission is a compile error (CP05xx), reported before the probe.
public static partial class DiagnosticCatalog
{
    /// <summary>The QEMU executable (or virsh/libvirtd for `--libvirt`) is not installed.</summary>
    public static readonly DiagnosticDescriptor ProbeToolMissing = new("CP0901", Severity.Error, "probe tool not found");

    /// <summary>The guest did not power off within the timeout; QEMU was killed.</summary>
    public static readonly DiagnosticDescriptor ProbeTimeout = new("CP0902", Severity.Error, "probe guest timed out");

    /// <summary>QEMU exited with an error before or instead of running the guest (bad `-cpu`, no accelerator).</summary>
    public static readonly DiagnosticDescriptor ProbeQemuFailed = new("CP0903", Severity.Error, "QEMU did not run the probe");

    /// <summary>The guest stopped without printing its `end` line (a triple fault, or no isa-debug-exit device).</summary>
    public static readonly DiagnosticDescriptor ProbeGuestFailed = new("CP0904", Severity.Error, "probe guest stopped without reporting");

    /// <summary>`--profile` names no profile of the policy.</summary>
    public static readonly DiagnosticDescriptor ProbeUnknownProfile = new("CP0905", Severity.Error, "no profile of that name in the policy");

    /// <summary>libvirt could not turn the libvirt artifact into a QEMU command line, or that line has no `-cpu`.</summary>
    public static readonly DiagnosticDescriptor ProbeLibvirtFailed = new("CP0907", Severity.Error, "libvirt did not translate the artifact");

    /// <summary>`--accel kvm` on a machine where /dev/kvm cannot be opened.</summary>
    public static readonly DiagnosticDescriptor ProbeKvmUnavailable = new("CP0908", Severity.Error, "KVM not available");

    /// <summary>A QEMU warning names a feature the database does not know; it is shown as QEMU wrote it.</summary>
    public static readonly DiagnosticDescriptor ProbeUnknownQemuFeature = new("CP0909", Severity.Warning, "QEMU dropped a feature the database does not know");

    // CP0711-CP0719: the aarch64 probe (`probe --arch aarch64`, compiler/Cpupolicy.Compiler/Probe/Arm64/). It shares
    // CP0901-CP0904 and CP0908 with the x86 probe (tool missing, timeout, QEMU refusing, no report, no KVM).

    /// <summary>The aarch64 guest took an exception (an MRS the CPU or hypervisor traps) and reported it.</summary>
    public static readonly DiagnosticDescriptor ProbeArm64GuestFault = new("CP0711", Severity.Error, "aarch64 probe guest took an exception");

    /// <summary>`--expect FILE` is not an aarch64 inventory (an ID-register dump or an aarch64 /proc/cpuinfo).</summary>
    public static readonly DiagnosticDescriptor ProbeExpectNotArm64 = new("CP0712", Severity.Error, "the expected inventory is not an aarch64 host");

    /// <summary>`probe --arch aarch64 --policy`: the profile's artifact is for openEuler's QEMU 8.2 (SYSREG properties on `-cpu host`), which TCG and upstream QEMU cannot run.</summary>
    public static readonly DiagnosticDescriptor ProbeArm64OpenEulerRelease = new("CP0713", Severity.Error, "the artifact needs openEuler's QEMU under KVM");

    /// <summary>`probe --arch aarch64 --policy`: the profile's artifact is `-cpu host` (libvirt: host-passthrough), which needs KVM on an aarch64 host.</summary>
    public static readonly DiagnosticDescriptor ProbeArm64HostNeedsKvm = new("CP0714", Severity.Error, "the artifact is -cpu host, which needs KVM");

    /// <summary>`probe --policy --profile`: the profile's architecture is not the `--arch` the probe boots.</summary>
    public static readonly DiagnosticDescriptor ProbeProfileArchMismatch = new("CP0715", Severity.Error, "the profile is for the other architecture");
}
