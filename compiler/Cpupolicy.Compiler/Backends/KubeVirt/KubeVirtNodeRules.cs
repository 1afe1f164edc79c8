using Cpupolicy.Core.Backends.Libvirt;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Ir;

namespace Cpupolicy.Compiler.Backends.KubeVirt;

/// <summary>
/// Where KubeVirt lets a VM with <c>cpu.model: M</c> run: only on nodes labelled <c>cpu-model.node.kubevirt.io/M</c>
/// (virt-controller turns the model into that node selector). The node labeller sets the label for the models libvirt
/// reports usable on the node (every feature of the model present) and never for its obsolete models.
/// </summary>
public static class KubeVirtNodeRules
{
    /// <summary>
    /// KubeVirt's default <c>obsoleteCPUModels</c> (<c>pkg/virt-handler/node-labeller</c>, <c>DefaultObsoleteCPUModels</c>):
    /// the labeller labels none of them, so a VM naming one is scheduled nowhere.
    /// </summary>
    public static readonly IReadOnlySet<string> ObsoleteModels = new HashSet<string>(StringComparer.Ordinal)
    {
        "486", "pentium", "pentium2", "pentium3", "pentiumpro", "coreduo", "n270", "core2duo", "Conroe", "athlon", "phenom",
        "qemu64", "qemu32", "kvm64", "kvm32",
        "486-v1", "pentium-v1", "pentium2-v1", "pentium3-v1", "pentiumpro-v1", "coreduo-v1", "n270-v1", "core2duo-v1",
        "Conroe-v1", "athlon-v1", "phenom-v1", "qemu64-v1", "qemu32-v1", "kvm64-v1", "kvm32-v1",
    };

    /// <summary>
    /// Why <paramref name="model"/> would keep a VM of <paramref name="profile"/> off some of its nodes, or null when every
    /// node carries (or, by libvirt's rule, would carry) its model label.
    /// </summary>
    /// <paramref name="obsolete"/> is the cluster's <c>obsoleteCPUModels</c>.
    public static string? WhyNotEverywhere(CpuModel model, ProfileIr profile, LibvirtPlanner planner, FeatureDatabase db, IReadOnlySet<string> obsolete)
    {
        if (obsolete.Contains(model.Name))
        {
            return $"`{model.Name}` is one of KubeVirt's obsolete models, which the node labeller never labels (`obsolete none` if the KubeVirt CR empties obsoleteCPUModels)";
        }

        var reasons = new List<string>();
        foreach (var host in profile.HostCpus)
        {
            var missing = planner.MissingOnHost(model, host.Capability);
            if (!missing.IsEmpty)
            {
                var names = db.Expand(missing).Select(f => f.Spellings.Libvirt ?? f.Name).Order(StringComparer.Ordinal).ToList();
                reasons.Add($"node `{host.Name}` lacks its {string.Join(", ", names.Take(6))}{(names.Count > 6 ? $" and {names.Count - 6} more" : "")}");
            }
            else if (host.LabelledModels is { } labelled && !labelled.Contains(model.Name))
            {
                reasons.Add($"node `{host.Name}` has no label cpu-model.node.kubevirt.io/{model.Name}");
            }
        }

        return reasons.Count == 0 ? null : $"`{model.Name}`: {string.Join("; ", reasons)}";
    }
}
