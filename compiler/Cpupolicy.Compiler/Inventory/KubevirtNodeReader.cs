using Cpupolicy.Core.Database;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Inventory;

/// <summary>
/// Reads a Kubernetes Node (<c>kubectl get node NAME -o yaml</c> or <c>-o json</c>, or a List holding exactly one
/// node) labelled by KubeVirt's node-labeller:
/// <code>
/// metadata:
///   labels:
///     cpu-feature.node.kubevirt.io/avx2: "true"
///     cpu-vendor.node.kubevirt.io/Intel: "true"
///     host-model-cpu.node.kubevirt.io/Skylake-Client-IBRS: "true"
/// </code>
/// The features are the <c>cpu-feature</c> and <c>host-model-required-features</c> labels whose value is
/// <c>"true"</c> (libvirt names; the labeller lists every feature of the host model, not only the extras);
/// the vendor is the <c>cpu-vendor</c> label, the stated model the <c>host-model-cpu</c> label, and the models the
/// labeller found usable there the <c>cpu-model</c> labels (<see cref="HostCapability.LabelledModels"/>).
/// </summary>
public static class KubevirtNodeReader
{
    private const string FeaturePrefix = "cpu-feature.node.kubevirt.io/";
    private const string RequiredFeaturePrefix = "host-model-required-features.node.kubevirt.io/";
    private const string VendorPrefix = "cpu-vendor.node.kubevirt.io/";
    private const string HostModelPrefix = "host-model-cpu.node.kubevirt.io/";
    private const string ModelPrefix = "cpu-model.node.kubevirt.io/";

    /// <summary>Whether the text mentions KubeVirt's CPU labels (used for format detection).</summary>
    public static bool Looks(string text) =>
        text.Contains(FeaturePrefix, StringComparison.Ordinal) || text.Contains(VendorPrefix, StringComparison.Ordinal)
        || text.Contains(HostModelPrefix, StringComparison.Ordinal);

    public static HostCapability Parse(string text, string path, InventoryOptions options)
    {
        var (root, moreDocuments) = BoundedYaml.Load(text, path);
        if (moreDocuments)
        {
            throw InventoryErrors.File(DiagnosticCatalog.KubevirtSeveralNodes, path, "the file holds several YAML documents", "save one node: `kubectl get node NAME -o yaml`");
        }

        var node = FindNode(root, path);
        var labels = node["metadata"]?["labels"];
        if (labels?.Mapping is null)
        {
            throw Invalid(path, node, "the node has no `metadata.labels` mapping", "save it with `kubectl get node NAME -o yaml`");
        }

        var allLabels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in labels.Mapping)
        {
            // Kubernetes keeps the first of duplicate keys, as YamlNode's indexer does.
            allLabels.TryAdd(key, value.Scalar ?? string.Empty);
        }

        var featureNames = new List<(string Name, YamlNode At)>();
        var vendor = CpuVendor.Unknown;
        string? hostModel = null;
        var models = new List<string>();
        var anyModelLabel = false;
        var anyKubevirtLabel = false;
        foreach (var (key, value) in labels.Mapping)
        {
            var isTrue = value.Scalar is "true";
            if (key.StartsWith(FeaturePrefix, StringComparison.Ordinal) || key.StartsWith(RequiredFeaturePrefix, StringComparison.Ordinal))
            {
                anyKubevirtLabel = true;
                if (isTrue)
                {
                    featureNames.Add((key[(key.IndexOf('/', StringComparison.Ordinal) + 1)..], value));
                }
            }
            else if (key.StartsWith(VendorPrefix, StringComparison.Ordinal))
            {
                anyKubevirtLabel = true;
                if (isTrue)
                {
                    vendor = CpuVendors.Parse(key[VendorPrefix.Length..]);
                }
            }
            else if (key.StartsWith(ModelPrefix, StringComparison.Ordinal))
            {
                anyKubevirtLabel = true;
                anyModelLabel = true;
                if (isTrue)
                {
                    models.Add(key[ModelPrefix.Length..]);
                }
            }
            else if (key.StartsWith(HostModelPrefix, StringComparison.Ordinal))
            {
                anyKubevirtLabel = true;
                if (isTrue)
                {
                    hostModel = key[HostModelPrefix.Length..];
                }
            }
        }

        if (!anyKubevirtLabel)
        {
            throw Invalid(path, labels, "the node has no KubeVirt CPU labels (`cpu-feature.node.kubevirt.io/...`)", "is KubeVirt's node-labeller running on this node?");
        }

        var db = options.FeatureDb;
        var present = new List<int>();
        var unknown = new List<(string Name, YamlNode At)>();
        foreach (var (name, at) in featureNames)
        {
            if (BackendNames.FindLibvirt(db, name) is { } feature)
            {
                present.Add(feature.Index);
            }
            else
            {
                unknown.Add((name, at));
            }
        }

        return new HostCapability
        {
            SourcePath = path,
            Format = InventoryFormat.KubevirtNode,
            Vendor = vendor,
            Features = FeatureSet.Of(present),
            Knowable = BackendNames.LibvirtNameable(db),
            StatedModel = hostModel,
            NodeName = node["metadata"]?["name"]?.Scalar is { Length: > 0 } nodeName ? nodeName : null,
            NodeLabels = allLabels,
            LabelledModels = anyModelLabel ? models.Order(StringComparer.Ordinal).ToList() : null,
            Warnings = unknown.Count == 0
                ? []
                :
                [
                    DiagnosticCatalog.InventoryFeatureIgnored.Create(
                        SourceSpan.At(path, unknown[0].At.Line, unknown[0].At.Column),
                        $"{unknown.Count} feature label(s) name no feature in the database and were ignored: {string.Join(", ", unknown.Select(u => $"`{u.Name}`"))}"),
                ],
        };
    }

    private static YamlNode FindNode(YamlNode root, string path)
    {
        var kind = root["kind"]?.Scalar;
        if (root.Mapping is null || kind is null)
        {
            throw Invalid(path, root, "the document is not a Kubernetes object (no `kind`)", "save it with `kubectl get node NAME -o yaml`");
        }

        if (kind == "Node")
        {
            return root;
        }

        if (kind is "List" or "NodeList")
        {
            var items = root["items"]?.Sequence ?? [];
            return items.Count switch
            {
                1 when items[0]["kind"]?.Scalar is null or "Node" => items[0],
                0 => throw Invalid(path, root, "the list holds no node"),
                1 => throw Invalid(path, items[0], $"the list holds a `{items[0]["kind"]?.Scalar}`, not a Node"),
                _ => throw InventoryErrors.At(
                    DiagnosticCatalog.KubevirtSeveralNodes,
                    path,
                    items[1].Line,
                    items[1].Column,
                    $"the list holds {items.Count} nodes ({NodeNames(items)}), but one host is needed here",
                    "save the node you mean on its own (`kubectl get node NAME -o yaml`); a list is read one host per node where several hosts are taken (`baseline`, `migrate --to` with a VMI, `host NAME from` in a policy)"),
            };
        }

        throw Invalid(path, root["kind"]!, $"`kind: {kind}` is not a Node", "save it with `kubectl get node NAME -o yaml`");
    }

    /// <summary>The items' node names, in order, for a message (the first few and a count).</summary>
    private static string NodeNames(List<YamlNode> items)
    {
        var names = items.Select((item, i) => item["metadata"]?["name"]?.Scalar is { Length: > 0 } name ? $"`{name}`" : $"item {i + 1}").ToList();
        return names.Count <= 6 ? string.Join(", ", names) : $"{string.Join(", ", names.Take(5))} and {names.Count - 5} more";
    }

    private static DiagnosticException Invalid(string path, YamlNode at, string message, string? hint = null) =>
        InventoryErrors.At(DiagnosticCatalog.KubevirtNodeInvalid, path, at.Line, at.Column, message, hint);
}
