using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cpupolicy.Compiler.Analyses.Live;

/// <summary>
/// The running VirtualMachineInstances of a Kubernetes node, through <c>kubectl get virtualmachineinstances
/// --all-namespaces -o json</c> (read once): those in phase <c>Running</c> whose <c>status.nodeName</c> is the host,
/// with the CPU of their <c>spec.domain.cpu</c> (<c>model</c> and <c>features</c>), fixed for the life of the VMI.
/// </summary>
public sealed class KubeVirtLiveSource(LiveTool kubectl) : ILiveVmSource
{
    private JsonArray? items;

    public string Platform => "kubevirt";

    public IReadOnlyList<LiveVm> RunningOn(string host)
    {
        items ??= Load();
        var vms = new List<LiveVm>();
        foreach (var item in items.OfType<JsonObject>())
        {
            if (Text(item, "status", "nodeName") != host || Text(item, "status", "phase") is { } phase && phase != "Running")
            {
                continue;
            }

            var name = Text(item, "metadata", "name") ?? "(unnamed)";
            var ns = Text(item, "metadata", "namespace");
            var id = ns is null ? name : $"{ns}/{name}";
            var cpu = item["spec"]?["domain"]?["cpu"] as JsonObject;
            var model = cpu?["model"]?.GetValueKind() == JsonValueKind.String ? cpu["model"]!.GetValue<string>() : null;
            var source = $"{id} (VMI spec.domain.cpu)";
            vms.Add(model is null
                ? new LiveVm(name, id, host, null, source) { CpuUnknownReason = "its VMI names no CPU model, so it runs the cluster's default (host-model unless KubeVirt's configuration sets one), whose features follow the node" }
                : new LiveVm(name, id, host, Yaml(model, cpu!["features"] as JsonArray), source));
        }

        return vms;
    }

    public string ColdRestartHint(string profile) =>
        $"give its VirtualMachine profile `{profile}`'s spec.domain.cpu ({profile}.kubevirt.yaml), then restart it (`virtctl restart`): a new VMI boots with the new CPU, a live migration keeps the old one";

    private JsonArray Load()
    {
        string[] args = ["get", "virtualmachineinstances", "--all-namespaces", "-o", "json"];
        var output = kubectl.Run(args);
        try
        {
            return JsonNode.Parse(output, documentOptions: new JsonDocumentOptions { MaxDepth = 64 })?["items"] as JsonArray
                ?? throw kubectl.Failed($"`{kubectl.Describe(args)}` printed no `items` list", "is KubeVirt installed in the cluster?");
        }
        catch (JsonException e)
        {
            throw kubectl.Failed($"`{kubectl.Describe(args)}` printed no JSON: {e.Message}", null);
        }
    }

    private static string? Text(JsonObject item, string a, string b) =>
        item[a]?[b] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>The KubeVirt artifact (the YAML of spec.domain.cpu) for the VMI's CPU; names are quoted as JSON strings, which YAML reads as they are.</summary>
    private static string Yaml(string model, JsonArray? features)
    {
        var text = new StringBuilder();
        text.Append("model: ").Append(Quote(model)).Append('\n');
        if (features is { Count: > 0 })
        {
            text.Append("features:\n");
            foreach (var f in features.OfType<JsonObject>())
            {
                var name = f["name"]?.GetValueKind() == JsonValueKind.String ? f["name"]!.GetValue<string>() : string.Empty;
                var policy = f["policy"]?.GetValueKind() == JsonValueKind.String ? f["policy"]!.GetValue<string>() : "require";
                text.Append("- name: ").Append(Quote(name)).Append("\n  policy: ").Append(Quote(policy)).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string Quote(string value) => JsonValue.Create(value).ToJsonString();
}
