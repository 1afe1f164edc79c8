using System.Text.Json.Nodes;
using Cpupolicy.Cli.Infrastructure;
using Cpupolicy.Compiler.Analyses;

namespace Cpupolicy.Cli.Output;

/// <summary>How <c>migrate</c> shows a KubeVirt VMI or pod checked against node labels (<see cref="KubevirtPlacement"/>); docs/cli.md has the JSON shape.</summary>
public static class KubevirtPlacementOutput
{
    /// <summary>Writes the result; exit 0 when every node can take the VM, 3 when some node lacks a label.</summary>
    public static int Write(CommandContext ctx, KubevirtPlacement.Result result)
    {
        ctx.Report(result.Warnings);
        var vm = result.Vm;
        if (ctx.Json)
        {
            ctx.WriteJson(new JsonObject
            {
                ["compatible"] = result.Compatible,
                ["vm"] = new JsonObject
                {
                    ["kind"] = vm.Kind,
                    ["name"] = vm.Name,
                    ["source"] = vm.Source,
                    ["node"] = vm.NodeName,
                    ["cpu_model"] = vm.CpuModel,
                    ["required"] = new JsonArray(result.Required.Select(r => (JsonNode)Requirement(r)).ToArray()),
                    ["affinity_terms"] = new JsonArray(vm.AffinityTerms.Select(t => (JsonNode)new JsonArray(t.Select(r => (JsonNode)Requirement(r)).ToArray())).ToArray()),
                },
                ["nodes"] = new JsonArray(result.Nodes.Select(n => (JsonNode)new JsonObject
                {
                    ["name"] = n.Name,
                    ["source"] = n.Source,
                    ["current"] = n.Current,
                    ["fits"] = n.Fits,
                    ["affinity_term"] = n.AffinityTerms == 0 ? null : n.AffinityTerm,
                    ["lacks"] = new JsonArray(n.Lacks.Select(l =>
                    {
                        var o = Requirement(l.Requirement);
                        o["has"] = l.Has;
                        return (JsonNode)o;
                    }).ToArray()),
                }).ToArray()),
                ["diagnostics"] = new JsonArray(result.Warnings.Select(d => (JsonNode)JsonShapes.Diagnostic(d)).ToArray()),
            });
        }
        else
        {
            ctx.Stdout.WriteLine($"vm:       {vm.Kind} {vm.Name} ({vm.Source}){(vm.CpuModel is null ? string.Empty : $", cpu model {vm.CpuModel}")}{(vm.NodeName is null ? string.Empty : $", on {vm.NodeName}")}");
            ctx.Stdout.WriteLine($"needs:    {result.Required.Count} node label(s){(vm.AffinityTerms.Count == 0 ? string.Empty : $" and one of {vm.AffinityTerms.Count} node affinity term(s)")}");
            var width = result.Nodes.Count == 0 ? 0 : result.Nodes.Max(n => n.Name.Length);
            foreach (var node in result.Nodes)
            {
                var name = node.Name.PadRight(width);
                if (node.Fits)
                {
                    ctx.Stdout.WriteLine($"  {ctx.Out.Bold(name)}  {ctx.Out.Good("fits")}{(node.Current ? " (runs here)" : string.Empty)}");
                    continue;
                }

                ctx.Stdout.WriteLine($"  {ctx.Out.Bold(name)}  {ctx.Out.Bad("LACKS")} {node.Lacks.Count} label(s){(node.Current ? " (runs here)" : string.Empty)}");
                foreach (var (requirement, has) in node.Lacks)
                {
                    var term = requirement.From.StartsWith("affinity", StringComparison.Ordinal) && node.AffinityTerms > 1 ? $", affinity term {node.AffinityTerm} of {node.AffinityTerms}" : string.Empty;
                    ctx.Stdout.WriteLine($"    {requirement.Key}: wants {requirement.Wants}, has {(has is null ? "no such label" : $"\"{has}\"")}  ({requirement.From}{term})");
                }
            }

            ctx.Stdout.WriteLine($"verdict:  {(result.Compatible ? ctx.Out.Good("every node can take it") : ctx.Out.Bad($"INCOMPATIBLE: {result.Nodes.Count(n => !n.Fits)} of {result.Nodes.Count} node(s) cannot take it"))}");
        }

        return result.Compatible ? ExitCode.Success : ExitCode.Incompatible;
    }

    private static JsonObject Requirement(NodeLabelRequirement r) => new()
    {
        ["label"] = r.Key,
        ["operator"] = r.Operator,
        ["values"] = new JsonArray(r.Values.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray()),
        ["from"] = r.From,
    };
}
