namespace Cpupolicy.Compiler.Inventory;

/// <summary>The kinds of host inventory file cpupolicy reads; <see cref="InventoryReader"/> tells them apart by content.</summary>
public enum InventoryFormat
{
    /// <summary><c>cpuid -r</c> output: <c>0x00000007 0x00: eax=0x... ebx=0x... ecx=0x... edx=0x...</c>.</summary>
    CpuidDump,

    /// <summary>libvirt's raw CPUID data: <c>&lt;cpudata arch='x86'&gt;&lt;cpuid eax_in=... /&gt;&lt;msr .../&gt;</c>.</summary>
    LibvirtCpuData,

    /// <summary>A libvirt <c>&lt;cpu&gt;</c> (alone, or in <c>virsh capabilities</c> / <c>virsh domcapabilities</c> output).</summary>
    LibvirtHostCpu,

    /// <summary>Linux <c>/proc/cpuinfo</c>.</summary>
    ProcCpuinfo,

    /// <summary>A Xen featureset (hex words joined by <c>-</c> or <c>:</c>), bare or in <c>xen-cpuid</c> / <c>xe ... cpu_info</c> output.</summary>
    XenFeatureset,

    /// <summary>A Kubernetes Node (YAML or JSON) labelled by KubeVirt's node-labeller.</summary>
    KubevirtNode,

    /// <summary>The <c>cpupolicy-probe v1</c> line format (probe guest serial output, or written by hand).</summary>
    Probe,

    /// <summary>An aarch64 Linux <c>/proc/cpuinfo</c> (<c>Features</c>, <c>CPU implementer</c>, <c>CPU part</c>).</summary>
    Arm64ProcCpuinfo,

    /// <summary>An aarch64 ID-register dump: <c>{"arch":"aarch64","registers":{"MIDR_EL1":"0x...",...}}</c>.</summary>
    Arm64Registers,

    /// <summary>libvirt's view of an aarch64 host: <c>virsh capabilities</c> / <c>domcapabilities</c> with <c>&lt;arch&gt;aarch64</c>.</summary>
    Arm64Libvirt,
}
