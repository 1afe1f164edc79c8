namespace Cpupolicy.Core.Backends.Proxmox;

/// <summary>
/// The QEMU <c>-cpu</c> argument Proxmox VE builds from a VM's CPU (qemu-server's <c>get_cpu_options</c> as
/// documented, for a Linux guest on a machine type of 2.3 or later): the reported model, then every flag sorted by
/// name (under KVM Proxmox adds <c>+kvm_pv_eoi</c>, <c>+kvm_pv_unhalt</c> and <c>enforce</c>), <c>kvm=off</c> when hidden,
/// <c>vendor=</c> of a vendor's model, then <c>guest-phys-bits=</c>/<c>phys-bits=</c> (<c>host-phys-bits=true</c> for host).
/// The Hyper-V flags Proxmox adds for Windows guests set no CPUID feature bit and are left out.
/// </summary>
public static class ProxmoxCpuArgument
{
    public static string Render(ProxmoxResolvedCpu cpu, bool kvm)
    {
        var items = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (kvm)
        {
            items["kvm_pv_eoi"] = "+kvm_pv_eoi";
            items["kvm_pv_unhalt"] = "+kvm_pv_unhalt";
        }

        foreach (var (name, (on, _)) in cpu.Flags)
        {
            items[name] = (on ? "+" : "-") + name;
        }

        if (kvm)
        {
            items["enforce"] = "enforce";
        }

        if (cpu.Hidden)
        {
            items["kvm"] = "kvm=off";
        }

        if (ProxmoxCatalog.ReportedModels.GetValueOrDefault(cpu.Reported) is { } vendor && vendor != ProxmoxCatalog.DefaultVendor)
        {
            items["vendor"] = $"vendor={vendor}";
        }

        var text = cpu.Reported + string.Concat(items.Values.Select(v => "," + v));
        foreach (var key in (string[])["guest-phys-bits", ProxmoxBackend.PhysBitsOption])
        {
            var value = cpu.Vm?.Properties.GetValueOrDefault(key)?.Value ?? cpu.Custom?.Properties.GetValueOrDefault(key)?.Value;
            if (value is not null)
            {
                text += value == "host" ? ",host-phys-bits=true" : $",{key}={value}";
            }
        }

        return "-cpu " + text;
    }
}
