using Cpupolicy.Core.IO;
using YamlDotNet.RepresentationModel;

namespace Cpupolicy.Compiler.Inventory;

/// <summary>
/// Inventories as admins have them in bulk: a directory of inventory files (every visible file in it, in name
/// order), and <c>kubectl get nodes -o yaml</c> (a <c>List</c> of nodes, one host per node, named after the node).
/// </summary>
public static class BulkInventory
{
    /// <summary>The files a path stands for: itself, or every visible file of a directory in ordinal name order.</summary>
    public static IEnumerable<string> Expand(string path) =>
        path != "-" && Directory.Exists(path)
            ? Directory.EnumerateFiles(path).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal)
            : [path];

    /// <summary>The hosts of one file, each with the name it suggests (the file's stem, or the node's name).</summary>
    public static IReadOnlyList<(string Name, HostCapability Host)> Read(string path, InventoryOptions options, TextReader? stdin)
    {
        var text = InputFile.ReadText(path, stdin);
        var stem = path == "-" ? "stdin" : Path.GetFileNameWithoutExtension(path);
        try
        {
            return [(stem, InventoryReader.Parse(text, path, options))];
        }
        catch (Cpupolicy.Core.Diagnostics.DiagnosticException e) when (e.Diagnostic.Code == Cpupolicy.Core.Diagnostics.DiagnosticCatalog.KubevirtSeveralNodes.Code
            && NodeList(text) is { Count: > 1 } nodes)
        {
            // The single-file reader has checked the bounds (depth, size, no aliases) before it counted the nodes.
            return nodes.Select(n => (n.Name, KubevirtNodeReader.Parse(n.Text, $"{path}#{n.Name}", options))).ToList();
        }
    }

    /// <summary>The nodes of a Kubernetes <c>List</c> (YAML or JSON) as one YAML document each, or null when the text is no such list.</summary>
    private static List<(string Name, string Text)>? NodeList(string text)
    {
        var trimmed = text.TrimStart();
        if (!(trimmed.StartsWith('{') || text.Contains("kind: List", StringComparison.Ordinal) || text.Contains("kind: NodeList", StringComparison.Ordinal))
            || !KubevirtNodeReader.Looks(text))
        {
            return null;
        }

        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root
                || !root.Children.TryGetValue(new YamlScalarNode("items"), out var itemsNode) || itemsNode is not YamlSequenceNode items)
            {
                return null;
            }

            var nodes = new List<(string, string)>();
            var index = 0;
            foreach (var item in items.Children)
            {
                index++;
                var name = item is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode("metadata"), out var meta) && meta is YamlMappingNode mm
                    && mm.Children.TryGetValue(new YamlScalarNode("name"), out var n) && n is YamlScalarNode { Value: { Length: > 0 } v }
                    ? v
                    : $"node{index}";
                var writer = new StringWriter();
                new YamlStream(new YamlDocument(item)).Save(writer, assignAnchors: false);
                nodes.Add((name, writer.ToString()));
            }

            return nodes;
        }
        catch (YamlDotNet.Core.YamlException)
        {
            // Not valid YAML: the single-file reader reports it with its position.
            return null;
        }
    }
}
