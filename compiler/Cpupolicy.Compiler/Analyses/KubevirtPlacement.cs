using Cpupolicy.Compiler.Inventory;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// <c>migrate</c> of a KubeVirt VMI or virt-launcher pod: on which of the given nodes may the scheduler place it, and,
/// on each other node, which label is missing (or has another value). The conditions are the VM's node selectors
/// and required node affinity (<see cref="KubevirtVmReader"/>); a host-model VMI also needs, on a migration target,
/// what KubeVirt's migration controller adds: <c>cpu-model-migration.node.kubevirt.io/M</c> for the source node's
/// <c>host-model-cpu.node.kubevirt.io/M</c>, and <c>cpu-feature.node.kubevirt.io/F</c> for each of its
/// <c>host-model-required-features.node.kubevirt.io/F</c>, taken from the VMI's recorded migration source state or the
/// source node's labels.
/// </summary>
public static class KubevirtPlacement
{
    public sealed record Result(KubevirtVm Vm, IReadOnlyList<NodeLabelRequirement> Required, IReadOnlyList<KubevirtNodeFit> Nodes, IReadOnlyList<Diagnostic> Warnings)
    {
        public bool Compatible => Nodes.All(n => n.Fits);
    }

    /// <summary>
    /// Reads the VM and the nodes (files, directories, <c>kubectl get nodes</c> lists) and checks each node; null when
    /// a VMI or VirtualMachine goes to hosts none of which is a KubeVirt node (then its <c>spec.domain.cpu</c> is
    /// judged by features, as a KubeVirt artifact). A pod has no CPU to judge that way, so it needs nodes.
    /// </summary>
    /// <param name="from">the VM's source node (an inventory file), for a host-model VMI; else the node of the list named by its <c>status.nodeName</c>.</param>
    public static Result? Check(string vmText, string vmSource, string to, string? from, TextReader? stdin)
    {
        var vm = KubevirtVmReader.Parse(vmText, vmSource);
        var nodes = FleetHost.Read([to], stdin, Core.Database.FeatureDatabase.Default, Core.Database.ModelDatabase.Default);
        var fromNode = from is null ? null : FleetHost.Read([from], stdin, Core.Database.FeatureDatabase.Default, Core.Database.ModelDatabase.Default);
        if (vm.Kind != "Pod" && nodes.All(n => n.Inventory.NodeLabels is null))
        {
            return null;
        }

        foreach (var node in nodes.Concat(fromNode ?? []))
        {
            if (node.Inventory.NodeLabels is null)
            {
                throw new DiagnosticException(DiagnosticCatalog.KubevirtTargetNotNode.Create(
                    SourceSpan.WholeFile(node.Inventory.SourcePath),
                    $"`{node.Inventory.SourcePath}` is a {node.Inventory.Format} inventory, not a Kubernetes node: it has no labels to match `{vm.Source}`'s node selectors against",
                    "give the nodes as `kubectl get nodes -o yaml` (or one `kubectl get node NAME -o yaml` each)"));
            }
        }

        if (fromNode is { Count: > 1 })
        {
            throw new DiagnosticException(DiagnosticCatalog.KubevirtSeveralNodes.Create(
                SourceSpan.WholeFile(from!), $"--from `{from}` holds {fromNode.Count} nodes, but a VM runs on one", "save the VM's node on its own: `kubectl get node NAME -o yaml`"));
        }

        var result = Check(vm, nodes.Select(n => (NameOf(n), n.Inventory)).ToList(), fromNode is { Count: 1 } f ? (NameOf(f[0]), f[0].Inventory) : null);
        return result with { Warnings = [.. nodes.Concat(fromNode ?? []).SelectMany(n => n.Inventory.Warnings), .. result.Warnings] };
    }

    /// <summary>Each node checked against the VM's conditions, in the order given.</summary>
    public static Result Check(KubevirtVm vm, IReadOnlyList<(string Name, HostCapability Node)> nodes, (string Name, HostCapability Node)? from = null)
    {
        var warnings = new List<Diagnostic>();
        var required = vm.Required.ToList();
        if (vm.IsHostModel)
        {
            required.AddRange(HostModelTarget(vm, nodes, from, warnings));
        }

        var fits = nodes.Select(n =>
        {
            var labels = n.Node.NodeLabels ?? new Dictionary<string, string>();
            var lacks = required.Where(r => !r.Matches(n.Name, labels)).Select(r => (r, labels.GetValueOrDefault(r.Key))).ToList();
            var (term, termLacks) = ClosestTerm(vm.AffinityTerms, n.Name, labels);
            lacks.AddRange(termLacks.Select(r => (r, r.From == "affinity field" ? n.Name : labels.GetValueOrDefault(r.Key))));
            return new KubevirtNodeFit(n.Name, n.Node.SourcePath, n.Name == vm.NodeName, lacks, term, vm.AffinityTerms.Count);
        }).ToList();
        return new Result(vm, required, fits, warnings);
    }

    /// <summary>The name a node goes by: its <c>metadata.name</c>, else the name its file suggests.</summary>
    private static string NameOf(FleetHost host) => host.Inventory.NodeName ?? host.Name;

    /// <summary>
    /// The affinity term with the fewest failed requirements (the first of equals) and those requirements; none
    /// failed when a term matches. Kubernetes: terms are ORed, a term's requirements ANDed, and a term without
    /// requirements matches no node.
    /// </summary>
    private static (int Term, IReadOnlyList<NodeLabelRequirement> Lacks) ClosestTerm(IReadOnlyList<IReadOnlyList<NodeLabelRequirement>> terms, string name, IReadOnlyDictionary<string, string> labels)
    {
        if (terms.Count == 0)
        {
            return (0, []);
        }

        var best = (Term: 0, Lacks: (IReadOnlyList<NodeLabelRequirement>?)null);
        for (var i = 0; i < terms.Count; i++)
        {
            if (terms[i].Count == 0)
            {
                continue;
            }

            var lacks = terms[i].Where(r => !r.Matches(name, labels)).ToList();
            if (lacks.Count == 0)
            {
                return (i + 1, []);
            }

            if (best.Lacks is null || lacks.Count < best.Lacks.Count)
            {
                best = (i + 1, lacks);
            }
        }

        // Every term empty: nothing matches; say so with the first term and no label to name.
        return best.Lacks is null ? (1, [new NodeLabelRequirement("(an empty node selector term)", "In", [], "affinity")]) : (best.Term, best.Lacks);
    }

    /// <summary>
    /// What a host-model VMI's migration target pod selects on, as KubeVirt's migration controller builds it: from the
    /// recorded source state, else from the source node's labels (<paramref name="from"/>, or the node named by
    /// <c>status.nodeName</c>); with neither, a warning and nothing.
    /// </summary>
    private static IEnumerable<NodeLabelRequirement> HostModelTarget(KubevirtVm vm, IReadOnlyList<(string Name, HostCapability Node)> nodes, (string Name, HostCapability Node)? from, List<Diagnostic> warnings)
    {
        var source = vm.MigrationSourceSelectors
            ?? from?.Node.NodeLabels
            ?? nodes.FirstOrDefault(n => n.Name == vm.NodeName).Node?.NodeLabels;
        var hostModel = source?.Keys.FirstOrDefault(k => k.StartsWith(KubevirtVmReader.HostModelLabel, StringComparison.Ordinal));
        if (source is null || hostModel is null)
        {
            warnings.Add(DiagnosticCatalog.KubevirtHostModelUnknown.Create(
                SourceSpan.ForElement(vm.Source, "spec.domain.cpu.model"),
                $"`{vm.Name}` is host-model and its source node{(vm.NodeName is null ? string.Empty : $" `{vm.NodeName}`")} is not among the nodes given, so the `{KubevirtVmReader.MigrationModelLabel}*` label a migration target needs is not checked",
                "give the node it runs on with --from (`kubectl get node NAME -o yaml`), or include it in --to"));
            yield break;
        }

        yield return NodeLabelRequirement.Equal(KubevirtVmReader.MigrationModelLabel + hostModel[KubevirtVmReader.HostModelLabel.Length..], source[hostModel], "host-model");
        foreach (var (key, value) in source.Where(kv => kv.Key.StartsWith(KubevirtVmReader.HostModelFeatureLabel, StringComparison.Ordinal)).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (!vm.Required.Any(r => r.Key == KubevirtVmReader.FeatureLabel + key[KubevirtVmReader.HostModelFeatureLabel.Length..]))
            {
                yield return NodeLabelRequirement.Equal(KubevirtVmReader.FeatureLabel + key[KubevirtVmReader.HostModelFeatureLabel.Length..], value, "host-model");
            }
        }
    }
}
