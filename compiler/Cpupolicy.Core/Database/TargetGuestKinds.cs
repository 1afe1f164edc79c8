
namespace Cpupolicy.Core.Database;

/// <summary>
/// Which kind of hypervisor each target runs guests on, so that the targets define what "offered by default" means
/// (<see cref="GuestVisibility.Offered"/>): Xen for xen and xapi; QEMU/KVM for every other backend (qemu, libvirt,
/// kubevirt, proxmox, and OpenStack Nova on libvirt/KVM).
/// </summary>
public static class TargetGuestKinds
{
    private static readonly HashSet<string> XenTargets = new(StringComparer.Ordinal) { "xen", "xapi" };

    public static GuestKinds Of(string backend) => XenTargets.Contains(backend) ? GuestKinds.Xen : GuestKinds.Kvm;

    /// <summary>The kinds of the given targets together; no target means every backend, so both kinds.</summary>
    public static GuestKinds Of(IEnumerable<string> backends)
    {
        var kinds = backends.Aggregate((GuestKinds)0, (acc, b) => acc | Of(b));
        return kinds == 0 ? GuestKinds.Both : kinds;
    }
}
