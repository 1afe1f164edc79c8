using Cpupolicy.Compiler.Analyses;
using Cpupolicy.Compiler.Inventory;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Tests.Fuzz.Harness;

namespace Cpupolicy.Tests.Fuzz.Targets;

/// <summary>
/// <c>migrate --vm</c> of a KubeVirt VMI, VirtualMachine or virt-launcher pod: the reader that turns it into node
/// conditions, then the placement check against the Harvester example's two nodes (a Cascade Lake and a Cooper Lake
/// node, as KubeVirt's labeller sets them). The nodes are read once, on first use.
/// </summary>
public sealed class KubevirtVmTarget(FuzzPaths paths) : FuzzTarget
{
    private const string Source = "fuzz-vmi";

    private readonly Lazy<IReadOnlyList<(string Name, HostCapability Node)>> nodes = new(() =>
        FleetHost.Read([paths.Repo("policy", "examples", "kubevirt", "harvester-nodes.yaml")], null, FeatureDatabase.Default, ModelDatabase.Default)
            .Select(h => (h.Inventory.NodeName ?? h.Name, h.Inventory))
            .ToList());

    public override string Name => "kubevirt-vm";

    public override string Component => "compiler/Cpupolicy.Compiler/Analyses/KubevirtVmReader.Parse + KubevirtPlacement.Check";

    public override string Property =>
        "a placement or a CP0846 DiagnosticException naming the input (never CP0001); every node lacking a label the VM requires is reported with that label and the value it has";

    public override IReadOnlyList<string> Tokens => [.. FuzzTokens.Yaml, .. KubevirtTokens, .. FuzzTokens.Models.Take(20), .. FuzzTokens.Features.Take(20)];

    public override IEnumerable<string> ExternalSeeds(FuzzPaths paths)
    {
        var examples = paths.Repo("policy", "examples", "kubevirt");
        return Directory.Exists(examples) ? Directory.EnumerateFiles(examples, "*.vmi.yaml").Order(StringComparer.Ordinal) : [];
    }

    public override string Execute(byte[] input)
    {
        KubevirtVm vm;
        try
        {
            vm = KubevirtVmReader.Parse(Text(input), Source);
        }
        catch (DiagnosticException e)
        {
            Outcome.RequireNotInternal(e.Diagnostic);
            Outcome.RequireNamesFile(e.Diagnostic, Source);
            // The reader puts even a YAML syntax error under its own code, at the same place.
            if (e.Diagnostic.Code != DiagnosticCatalog.KubevirtVmInvalid.Code)
            {
                throw Violation($"the KubeVirt VM reader reported {e.Diagnostic.Code}, not {DiagnosticCatalog.KubevirtVmInvalid.Code}: {e.Diagnostic}");
            }

            return Outcome.Of(e.Diagnostic);
        }

        KubevirtPlacement.Result result;
        try
        {
            result = KubevirtPlacement.Check(vm, nodes.Value);
        }
        catch (DiagnosticException e)
        {
            Outcome.RequireNotInternal(e.Diagnostic);
            Outcome.RequireNamesFile(e.Diagnostic, Source);
            return "placement refused:" + Outcome.Of(e.Diagnostic);
        }

        foreach (var warning in result.Warnings)
        {
            Outcome.RequireNamesFile(warning, Source);
        }

        if (result.Nodes.Count != nodes.Value.Count)
        {
            throw Violation($"{nodes.Value.Count} nodes were given, {result.Nodes.Count} judged");
        }

        foreach (var (fit, (name, node)) in result.Nodes.Zip(nodes.Value))
        {
            var labels = node.NodeLabels ?? new Dictionary<string, string>();
            if (fit.Name != name)
            {
                throw Violation($"node `{name}` is reported as `{fit.Name}`");
            }

            // Every required label the node fails is reported, with the value the node has (null: absent) ...
            foreach (var required in result.Required.Where(r => !r.Matches(name, labels)))
            {
                if (!fit.Lacks.Any(l => l.Requirement == required && l.Has == labels.GetValueOrDefault(required.Key)))
                {
                    throw Violation($"node `{name}` lacks `{required.Key}` {required.Wants} (has {labels.GetValueOrDefault(required.Key) ?? "none"}) but is not reported lacking it");
                }
            }

            // ... and nothing it meets is reported as lacking (affinity terms included: a reported term requirement fails).
            foreach (var (requirement, _) in fit.Lacks.Where(l => l.Requirement.Key != "(an empty node selector term)"))
            {
                if (requirement.Matches(name, labels))
                {
                    throw Violation($"node `{name}` is reported lacking `{requirement.Key}` {requirement.Wants}, which its labels meet");
                }
            }

            if (fit.Fits && vm.AffinityTerms.Count > 0 && !vm.AffinityTerms.Any(t => t.Count > 0 && t.All(r => r.Matches(name, labels))))
            {
                throw Violation($"node `{name}` is said to fit, but no node affinity term matches it");
            }
        }

        return $"ok:{vm.Kind}:{(vm.IsHostModel ? "host-model" : "model")}:{string.Join(",", result.Nodes.Select(n => n.Fits ? "fits" : "lacks"))}:{Outcome.Of(result.Warnings)}";
    }

    private static readonly string[] KubevirtTokens =
    [
        "kind: VirtualMachineInstance\n", "kind: VirtualMachine\n", "kind: Pod\n", "apiVersion: kubevirt.io/v1\n", "\"kind\": \"Pod\"", "\"kind\": \"VirtualMachineInstance\"",
        "spec:\n", "template:\n", "domain:\n", "cpu:\n", "model: host-model\n", "model: host-passthrough\n", "model: Cooperlake\n", "model: Cascadelake-Server\n",
        "policy: forbid\n", "policy: optional\n", "nodeSelector:\n", "nodeName: cpx-1\n", "nodeName: csl-1\n", "status:\n",
        "migrationState:\n  sourceState:\n    nodeSelectors:\n", "affinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n      nodeSelectorTerms:\n",
        "- matchExpressions:\n", "matchFields:\n", "key: ", "operator: ", "values: [", "In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt", "metadata.name",
        KubevirtVmReader.ModelLabel, KubevirtVmReader.FeatureLabel, KubevirtVmReader.MigrationModelLabel, KubevirtVmReader.HostModelLabel,
        KubevirtVmReader.HostModelFeatureLabel, "cpu-vendor.node.kubevirt.io/", "kubevirt.io/schedulable", "kubernetes.io/hostname", "avx512-bf16", "avx512vnni",
    ];
}
