namespace Cpupolicy.Compiler.Analyses;

/// <summary>What a <c>migrate --vm</c> value turned out to be.</summary>
public enum VmCpuKind
{
    /// <summary>A profile of the policy given with <c>--policy</c>.</summary>
    Profile,

    /// <summary>A host inventory: the VM sees what that host offers a guest by default.</summary>
    Inventory,

    /// <summary>An xl.cfg <c>cpuid=</c> value (libxl or xend form).</summary>
    Xen,

    /// <summary>A XAPI featureset: <c>platform:featureset</c>, a VM's <c>last_boot_CPU_flags</c>, or bare hex words.</summary>
    Xapi,

    /// <summary>A libvirt <c>&lt;cpu&gt;</c>, alone or inside a domain XML.</summary>
    Libvirt,

    /// <summary>A QEMU <c>-cpu</c> argument.</summary>
    Qemu,

    /// <summary>KubeVirt's <c>spec.domain.cpu</c>.</summary>
    KubeVirt,

    /// <summary>A Proxmox VE custom CPU model (cpu-models.conf section) and/or a VM's <c>cpu:</c> line.</summary>
    Proxmox,

    /// <summary>An OpenStack Nova compute node's <c>[libvirt]</c> section (with the flavor's trait extra specs in comments).</summary>
    Nova,
}
