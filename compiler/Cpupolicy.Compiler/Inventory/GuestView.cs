using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Inventory;

/// <summary>
/// Spots an inventory taken inside a guest: the <c>hypervisor</c> CPUID bit (leaf 1 ECX bit 31), which no bare-metal
/// CPU sets, is on in a raw dump or <c>/proc/cpuinfo</c>. Under Xen even dom0 is such a guest, so dom0's
/// /proc/cpuinfo shows what Xen gives dom0, not what the host can give VMs. Formats that report what a hypervisor
/// offers guests (Xen featuresets, libvirt's host CPU, KubeVirt labels) or that come from a guest by design (the
/// probe) are not flagged.
/// </summary>
public static class GuestView
{
    public static HostCapability Flag(HostCapability host, InventoryOptions options)
    {
        if (host.Format is not (InventoryFormat.ProcCpuinfo or InventoryFormat.CpuidDump or InventoryFormat.LibvirtCpuData)
            || options.FeatureDb.Find("hypervisor") is not { } bit
            || !host.Features.Contains(bit))
        {
            return host;
        }

        var warning = DiagnosticCatalog.InventoryIsGuestView.Create(
            SourceSpan.WholeFile(host.SourcePath),
            "the `hypervisor` bit is set: this is what a guest sees (a VM's, or under Xen dom0's), not what the host can give VMs",
            "use the hypervisor's own report of the host: `xe host-cpu-info` (XCP-ng), `xen-cpuid` (Xen), `virsh capabilities` (libvirt), or `cpuid -r -1` on bare metal");
        return host with { Warnings = [.. host.Warnings, warning] };
    }
}
