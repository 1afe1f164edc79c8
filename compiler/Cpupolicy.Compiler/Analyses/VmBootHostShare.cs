namespace Cpupolicy.Compiler.Analyses;

/// <summary>How much of a VM's CPU its boot host decides, beyond what the description states.</summary>
public enum VmBootHostShare
{
    /// <summary>Nothing beyond <see cref="VmCpu.Optional"/> and <see cref="VmCpu.Forced"/>.</summary>
    None,

    /// <summary>libvirt <c>match='minimum'</c>: at start libvirt adds every feature of the boot host it can name.</summary>
    Minimum,

    /// <summary>libvirt <c>mode='host-model'</c>: the boot host's CPU as libvirt names it, plus the listed features.</summary>
    HostModel,

    /// <summary>libvirt <c>mode='host-passthrough'</c> or <c>'maximum'</c>: everything the boot host can give a guest.</summary>
    Passthrough,
}
