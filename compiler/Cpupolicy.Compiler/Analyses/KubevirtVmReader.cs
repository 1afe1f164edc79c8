using System.Text.RegularExpressions;
using Cpupolicy.Compiler.Inventory;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// Reads a KubeVirt VMI, VirtualMachine or virt-launcher pod (YAML or JSON, as <c>kubectl get ... -o yaml</c> saves
/// it) into the conditions the scheduler puts on a node (<see cref="KubevirtVm"/>). For a VMI these are, as KubeVirt's
/// virt-controller renders its pod: <c>spec.nodeSelector</c>; <c>cpu-model.node.kubevirt.io/M: "true"</c> for
/// <c>spec.domain.cpu.model: M</c> (not for <c>host-model</c> or <c>host-passthrough</c>);
/// <c>cpu-feature.node.kubevirt.io/F: "true"</c> for each feature whose policy is <c>require</c> or unset; and
/// <c>spec.affinity.nodeAffinity</c>'s required terms. A pod carries them already rendered.
/// </summary>
public static partial class KubevirtVmReader
{
    public const string HostModel = "host-model";
    public const string HostPassthrough = "host-passthrough";
    public const string ModelLabel = "cpu-model.node.kubevirt.io/";
    public const string FeatureLabel = "cpu-feature.node.kubevirt.io/";
    public const string MigrationModelLabel = "cpu-model-migration.node.kubevirt.io/";
    public const string HostModelLabel = "host-model-cpu.node.kubevirt.io/";
    public const string HostModelFeatureLabel = "host-model-required-features.node.kubevirt.io/";

    /// <summary>Whether the text is a Kubernetes object of a kind this reader takes (by its top-level <c>kind</c>).</summary>
    public static bool Looks(string text) => YamlKind().IsMatch(text) || (text.TrimStart().StartsWith('{') && JsonKind().IsMatch(text));

    public static KubevirtVm Parse(string text, string source)
    {
        YamlNode root;
        try
        {
            root = BoundedYaml.Load(text, source).Root;
        }
        catch (DiagnosticException e)
        {
            // The YAML layer speaks of nodes; this is a VM, so the same place under this reader's code.
            throw new DiagnosticException(DiagnosticCatalog.KubevirtVmInvalid.Create(e.Diagnostic.Span, e.Diagnostic.Message, e.Diagnostic.Hint));
        }

        var kind = root["kind"]?.Scalar;
        if (root.Mapping is null || kind is not ("VirtualMachineInstance" or "VirtualMachine" or "Pod"))
        {
            throw Invalid(source, root["kind"] ?? root, $"`kind: {kind ?? "(none)"}` is not a VirtualMachineInstance, VirtualMachine or Pod",
                "save it with `kubectl get vmi NAME -o yaml` or `kubectl get pod virt-launcher-NAME-xxxxx -o yaml`");
        }

        var spec = kind == "VirtualMachine" ? root["spec"]?["template"]?["spec"] : root["spec"];
        if (spec?.Mapping is null)
        {
            throw Invalid(source, root, kind == "VirtualMachine" ? "the VirtualMachine has no `spec.template.spec` mapping" : $"the {kind} has no `spec` mapping");
        }

        var required = new List<NodeLabelRequirement>();
        foreach (var (key, value) in Mapping(spec["nodeSelector"], source, "spec.nodeSelector"))
        {
            required.Add(NodeLabelRequirement.Equal(key, value.Scalar ?? string.Empty, "nodeSelector"));
        }

        string? model = null;
        if (kind != "Pod")
        {
            var cpu = spec["domain"]?["cpu"];
            model = cpu?["model"]?.Scalar is { Length: > 0 } m ? m : HostModel;
            if (model is not (HostModel or HostPassthrough))
            {
                Add(required, NodeLabelRequirement.Equal(ModelLabel + model, "true", "cpu.model"));
            }

            foreach (var feature in cpu?["features"]?.Sequence ?? [])
            {
                var policy = feature["policy"]?.Scalar;
                if (feature["name"]?.Scalar is { Length: > 0 } name && policy is null or "" or "require")
                {
                    Add(required, NodeLabelRequirement.Equal(FeatureLabel + name, "true", "cpu.features"));
                }
            }
        }

        var terms = new List<IReadOnlyList<NodeLabelRequirement>>();
        var nodeSelectorTerms = spec["affinity"]?["nodeAffinity"]?["requiredDuringSchedulingIgnoredDuringExecution"]?["nodeSelectorTerms"];
        foreach (var term in nodeSelectorTerms?.Sequence ?? [])
        {
            var requirements = new List<NodeLabelRequirement>();
            requirements.AddRange(Expressions(term["matchExpressions"], source, "affinity"));
            requirements.AddRange(Expressions(term["matchFields"], source, "affinity field"));
            terms.Add(requirements);
        }

        var status = kind == "VirtualMachineInstance" ? root["status"] : null;
        var sourceSelectors = status?["migrationState"]?["sourceState"]?["nodeSelectors"];
        return new KubevirtVm
        {
            Kind = kind,
            Name = root["metadata"]?["name"]?.Scalar ?? "(unnamed)",
            Source = source,
            NodeName = (kind == "Pod" ? spec["nodeName"] : status?["nodeName"])?.Scalar is { Length: > 0 } node ? node : null,
            CpuModel = model,
            Required = required,
            AffinityTerms = terms,
            MigrationSourceSelectors = sourceSelectors?.Mapping is null
                ? null
                : Mapping(sourceSelectors, source, "status.migrationState.sourceState.nodeSelectors").ToDictionary(kv => kv.Key, kv => kv.Value.Scalar ?? string.Empty, StringComparer.Ordinal),
        };
    }

    /// <summary>A user's nodeSelector may already name a label KubeVirt adds; the pod has it once.</summary>
    private static void Add(List<NodeLabelRequirement> required, NodeLabelRequirement requirement)
    {
        if (!required.Any(r => r.Key == requirement.Key && r.Operator == "="))
        {
            required.Add(requirement);
        }
    }

    private static IEnumerable<KeyValuePair<string, YamlNode>> Mapping(YamlNode? node, string source, string where)
    {
        if (node is null)
        {
            return [];
        }

        if (node.Mapping is null)
        {
            throw Invalid(source, node, $"`{where}` is not a mapping of labels");
        }

        // Kubernetes keeps the first of duplicate keys.
        return node.Mapping.DistinctBy(kv => kv.Key, StringComparer.Ordinal);
    }

    private static IEnumerable<NodeLabelRequirement> Expressions(YamlNode? list, string source, string from)
    {
        foreach (var e in list?.Sequence ?? [])
        {
            var key = e["key"]?.Scalar;
            var op = e["operator"]?.Scalar;
            if (key is null || op is not ("In" or "NotIn" or "Exists" or "DoesNotExist" or "Gt" or "Lt"))
            {
                throw Invalid(source, e, key is null ? "a node affinity expression has no `key`" : $"node affinity operator `{op}` is not one Kubernetes knows",
                    "operators are In, NotIn, Exists, DoesNotExist, Gt, Lt");
            }

            var values = (e["values"]?.Sequence ?? []).Select(v => v.Scalar ?? string.Empty).ToList();
            yield return new NodeLabelRequirement(key, op, values, from);
        }
    }

    private static DiagnosticException Invalid(string source, YamlNode at, string message, string? hint = null) =>
        new(DiagnosticCatalog.KubevirtVmInvalid.Create(SourceSpan.At(source, at.Line, at.Column), message, hint));

    [GeneratedRegex(@"^kind:\s*[""']?(VirtualMachineInstance|VirtualMachine|Pod)[""']?\s*$", RegexOptions.Multiline | RegexOptions.NonBacktracking)]
    private static partial Regex YamlKind();

    [GeneratedRegex(@"""kind""\s*:\s*""(VirtualMachineInstance|VirtualMachine|Pod)""", RegexOptions.NonBacktracking)]
    private static partial Regex JsonKind();
}
