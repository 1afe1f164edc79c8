namespace Cpupolicy.Compiler.Probe;

/// <summary>
/// Whether <c>-accel kvm</c> can run the probe well: <c>/dev/kvm</c> opens for reading and writing, and a
/// hardware-assisted KVM module (<c>kvm_intel</c> or <c>kvm_amd</c>) is loaded. A software KVM such as PVM
/// (<c>kvm_pvm</c>, found in nested sandboxes) opens too, but boots the probe's BIOS and 32-bit code more than ten
/// times slower than TCG and offers only what its own host passes through, so <c>auto</c> leaves it alone;
/// <c>--accel kvm</c> still uses it.
/// </summary>
public static class KvmDetection
{
    private const string Device = "/dev/kvm";
    private static readonly string[] HardwareModules = ["/sys/module/kvm_intel", "/sys/module/kvm_amd"];

    public static bool DeviceUsable()
    {
        try
        {
            using var handle = File.Open(Device, FileMode.Open, FileAccess.ReadWrite);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return false;
        }
    }

    public static bool HardwareAssisted() => HardwareModules.Any(Directory.Exists);

    /// <summary>What <see cref="ProbeAccelerator.Auto"/> resolves to on this machine.</summary>
    public static ProbeAccelerator Resolve(ProbeAccelerator requested) =>
        requested != ProbeAccelerator.Auto ? requested
        : DeviceUsable() && HardwareAssisted() ? ProbeAccelerator.Kvm
        : ProbeAccelerator.Tcg;
}
