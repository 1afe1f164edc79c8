using Cpupolicy.Core.Database;

namespace Cpupolicy.Core.Backends.Proxmox;

/// <summary>
/// A VM's CPU as Proxmox resolves it: the reported model (as QEMU 7.2 defines it), the flags with the last word on
/// each (and the line that said it; 0 for the flags Proxmox adds itself), and the custom model and VM line it came from.
/// </summary>
public sealed record ProxmoxResolvedCpu(
    string Reported,
    FeatureSet Base,
    IReadOnlyDictionary<string, (bool On, int Line)> Flags,
    bool Hidden,
    ProxmoxCustomModel? Custom,
    ProxmoxVmCpu? Vm);
