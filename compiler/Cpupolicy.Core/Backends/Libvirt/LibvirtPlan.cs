using Cpupolicy.Core.Database;

namespace Cpupolicy.Core.Backends.Libvirt;

/// <summary>
/// A libvirt guest CPU for a profile: the named model and the features to name explicitly, each required
/// (<c>require</c>) or switched off (<c>disable</c>), sorted by libvirt name. Shared by the libvirt and KubeVirt backends.
/// </summary>
public sealed record LibvirtPlan(CpuModel Model, IReadOnlyList<FeatureDefinition> Require, IReadOnlyList<FeatureDefinition> Disable)
{
    public int Cost => Require.Count + Disable.Count;

    /// <summary>Every explicit feature with its policy, sorted by libvirt name.</summary>
    public IEnumerable<(FeatureDefinition Feature, string Policy)> Features =>
        Require.Select(f => (f, "require"))
            .Concat(Disable.Select(f => (f, "disable")))
            .OrderBy(x => x.f.Spellings.Libvirt, StringComparer.Ordinal);
}
