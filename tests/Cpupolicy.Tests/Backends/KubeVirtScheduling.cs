using Cpupolicy.Core.Backends;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Ir;
using YamlDotNet.RepresentationModel;

namespace Cpupolicy.Tests.Backends;

/// <summary>
/// Where KubeVirt would schedule a VM, written for the tests straight from the model database and apart from the
/// backend: a node carries <c>cpu-model.node.kubevirt.io/M</c> when libvirt finds M usable there (libvirt's and QEMU
/// 7.2's definitions of the name within the node's capability) and M is not obsolete, and, where the node's labels are
/// known, when it has that label.
/// </summary>
public static class KubeVirtScheduling
{
    private static readonly string[] Obsolete =
    [
        "486", "pentium", "pentium2", "pentium3", "pentiumpro", "coreduo", "n270", "core2duo", "Conroe", "athlon", "phenom",
        "qemu64", "qemu32", "kvm64", "kvm32",
    ];

    private static ModelDatabase Models => ModelDatabase.Default;

    public static IReadOnlyCollection<CpuModel> Catalog(string release) =>
        Models.InCatalog(release == "9.0.0" ? ModelDatabase.Libvirt9 : ModelDatabase.Libvirt11);

    /// <summary>The model of a KubeVirt artifact's first document.</summary>
    public static CpuModel Model(string artifact, string release)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(artifact));
        var name = ((YamlScalarNode)((YamlMappingNode)stream.Documents[0].RootNode)["model"]).Value!;
        return Catalog(release).Single(m => m.Name == name);
    }

    /// <summary>The features of a model libvirt checks on a host: its own definition (less removed ones) and QEMU's.</summary>
    public static FeatureSet Definition(CpuModel model) =>
        (model.Features - model.Removed)
        | (Models.Find(ModelDatabase.Qemu, model.Name) is { } q ? Models.Resolve(q).Features : FeatureSet.Empty);

    /// <summary>Why some host of the profile would not carry the model's label (empty: every host would).</summary>
    public static IReadOnlyList<string> Missing(CpuModel model, ProfileIr profile, bool obsoleteDefault)
    {
        var problems = new List<string>();
        if (obsoleteDefault && Obsolete.Any(o => model.Name == o || model.Name == o + "-v1"))
        {
            problems.Add($"{model.Name} is obsolete");
        }

        foreach (var host in profile.HostCpus)
        {
            var lacking = Definition(model) - host.Capability;
            if (!lacking.IsEmpty)
            {
                problems.Add($"{host.Name} lacks {string.Join(", ", TestProfiles.Db.Expand(lacking).Select(f => f.Name))}");
            }

            if (host.LabelledModels is { } labels && !labels.Contains(model.Name))
            {
                problems.Add($"{host.Name} has no label for {model.Name}");
            }
        }

        return problems;
    }

    /// <summary>Whether <c>model auto</c> may consider the model for the profile's vendor at all.</summary>
    public static bool VendorFits(CpuModel model, ProfileIr profile) =>
        Models.Find(ModelDatabase.Qemu, model.Name) is { } q
        && ModelVendors.Fits(Models.Resolve(q).Vendor, model.Vendor == CpuVendor.Unknown, profile);
}
