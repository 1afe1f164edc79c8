namespace Cpupolicy.Core.Backends;

/// <summary>
/// The backends with an aarch64 artifact (QEMU's <c>-cpu</c> and libvirt's <c>&lt;cpu&gt;</c>). The others (Xen, XAPI,
/// KubeVirt, Proxmox, ...) describe x86 CPUID only: an aarch64 profile gets no artifact from them.
/// </summary>
public static class Arm64Backends
{
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal) { "qemu", "libvirt" };

    public static bool Supports(string backend) => Names.Contains(backend);
}
