namespace Cpupolicy.Core.Database;

/// <summary>
/// The kinds of hypervisor whose "offered by default" defines a host's guest view (<see cref="GuestVisibility"/>):
/// Xen (the xen and xapi targets) and QEMU/KVM (qemu, libvirt, kubevirt, proxmox). A policy or analysis targeting
/// both kinds gets what both offer.
/// </summary>
[Flags]
public enum GuestKinds
{
    Xen = 1,
    Kvm = 2,
    Both = Xen | Kvm,
}
