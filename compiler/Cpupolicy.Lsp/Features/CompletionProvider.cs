using System.Text.Json.Nodes;
using Cpupolicy.Compiler.Backends;
using Cpupolicy.Core.Database;
using Cpupolicy.Lsp.Analysis;
using Cpupolicy.Lsp.Documents;
using Cpupolicy.Policy.Syntax;

namespace Cpupolicy.Lsp.Features;

/// <summary>
/// <c>textDocument/completion</c>: keywords, feature names in every backend's spelling (each item's detail gives the
/// canonical name and CPUID coordinates), model names, the policy's hosts, pools and profiles, backends and their
/// target options. The client filters by the typed prefix; the list is complete for the context.
/// </summary>
public static class CompletionProvider
{
    // LSP CompletionItemKind values.
    private const int KindFunction = 3;
    private const int KindClass = 7;
    private const int KindModule = 9;
    private const int KindProperty = 10;
    private const int KindValue = 12;
    private const int KindKeyword = 14;
    private const int KindEnumMember = 20;
    private const int KindConstant = 21;

    private static readonly Lazy<JsonNode[]> FeatureItems = new(BuildFeatureItems);
    private static readonly Lazy<JsonNode[]> ModelItems = new(BuildModelItems);

    public static JsonObject Complete(PolicyWorkspace workspace, TextDocument document, int offset)
    {
        var context = CompletionContext.At(document.Text, offset);
        var items = new List<JsonNode>();
        switch (context.Kind)
        {
            case CompletionKind.Statement:
                items.AddRange(Keywords(SyntaxFacts.StatementKeywords));
                break;
            case CompletionKind.Constraint:
                items.AddRange(Keywords(SyntaxFacts.ConstraintKeywords));
                break;
            case CompletionKind.Feature:
                items.AddRange(Clone(FeatureItems.Value));
                break;
            case CompletionKind.Model:
                items.AddRange(Clone(ModelItems.Value));
                break;
            case CompletionKind.Profile:
                items.AddRange(Symbols(workspace, document, "profile"));
                break;
            case CompletionKind.HostOrPool:
                items.AddRange(Symbols(workspace, document, "host", "pool"));
                break;
            case CompletionKind.Expression:
                items.AddRange(Symbols(workspace, document, "host", "pool", "profile"));
                items.AddRange(SyntaxFacts.Functions.Select(f => (JsonNode)new JsonObject { ["label"] = f, ["kind"] = KindFunction, ["insertText"] = f + "(" }));
                break;
            case CompletionKind.Backend:
                items.AddRange(BackendRegistry.Default.All.Select(b => (JsonNode)new JsonObject { ["label"] = b.Name, ["kind"] = KindModule, ["detail"] = "backend" }));
                break;
            case CompletionKind.OptionKey:
                items.AddRange(OptionsOf(context.Backend).Select(o => (JsonNode)new JsonObject
                {
                    ["label"] = o.Name,
                    ["kind"] = KindProperty,
                    ["detail"] = $"default {o.Default}",
                    ["documentation"] = o.Description,
                }));
                break;
            case CompletionKind.OptionValue:
                var option = OptionsOf(context.Backend).FirstOrDefault(o => o.Name == context.OptionKey);
                items.AddRange((option?.Values ?? []).Select(v => (JsonNode)new JsonObject { ["label"] = v, ["kind"] = KindValue }));
                if (context.OptionKey == "model")
                {
                    items.AddRange(Clone(ModelItems.Value));
                }

                break;
            case CompletionKind.Vendor:
                items.AddRange(new[] { "intel", "amd" }.Select(v => (JsonNode)new JsonObject { ["label"] = v, ["kind"] = KindEnumMember }));
                break;
            default:
                items.AddRange(Keywords(SyntaxFacts.Keywords));
                items.AddRange(Symbols(workspace, document, "host", "pool", "profile"));
                break;
        }

        return new JsonObject { ["isIncomplete"] = false, ["items"] = new JsonArray([.. items]) };
    }

    /// <summary>The declared hosts, pools and profiles of the document (even half typed) and of every file the workspace knows.</summary>
    private static IEnumerable<JsonNode> Symbols(PolicyWorkspace workspace, TextDocument document, params string[] kinds)
    {
        var here = Path.GetFullPath(document.Path);
        var declared = DeclarationScanner.Scan(document.Text)
            .Concat(workspace.Files().Where(f => f != here).SelectMany(workspace.NamesOf)
                .Where(n => n.Role == NameRole.Declaration).Select(n => (Kind: n.Kind!, Name: n.Text)))
            .Where(d => kinds.Contains(d.Kind))
            .DistinctBy(d => d.Name)
            .OrderBy(d => d.Name, StringComparer.Ordinal);
        return declared.Select(d => (JsonNode)new JsonObject { ["label"] = d.Name, ["kind"] = KindClass, ["detail"] = d.Kind });
    }

    private static IReadOnlyList<Core.Backends.BackendOption> OptionsOf(string? backend) =>
        backend is not null && BackendRegistry.Default.Find(backend) is { } b ? b.Options : [];

    private static IEnumerable<JsonNode> Keywords(IEnumerable<string> words) =>
        words.Select(w => (JsonNode)new JsonObject { ["label"] = w, ["kind"] = KindKeyword });

    private static IEnumerable<JsonNode> Clone(JsonNode[] items) => items.Select(i => i.DeepClone());

    /// <summary>One item per distinct spelling of each feature, so whatever name the author knows completes.</summary>
    private static JsonNode[] BuildFeatureItems()
    {
        var items = new List<JsonNode>();
        foreach (var f in FeatureDatabase.Default.Features)
        {
            var spellings = Spellings(f);
            var summary = string.Join(", ", spellings.Select(s => $"{s.Backend} {s.Name}"));
            foreach (var name in spellings.Select(s => s.Name).Prepend(f.Name).Distinct(StringComparer.Ordinal))
            {
                items.Add(new JsonObject
                {
                    ["label"] = name,
                    ["kind"] = KindConstant,
                    ["detail"] = name == f.Name ? $"{f.Location}" : $"{f.Name} (canonical) {f.Location}",
                    ["documentation"] = $"{f.Name}: {f.Location}\n{summary}" + (f.Description is { } d ? $"\n{d}" : string.Empty),
                });
            }
        }

        return [.. items];
    }

    private static JsonNode[] BuildModelItems() =>
        [.. ModelDatabase.Default.Models.DistinctBy(m => m.Name).OrderBy(m => m.Name, StringComparer.Ordinal)
            .Select(m => (JsonNode)new JsonObject { ["label"] = m.Name, ["kind"] = KindClass, ["detail"] = $"{m.Source} {m.Release} model" })];

    /// <summary>A feature's spelling in each backend that can name it (Xen's of the newest release known).</summary>
    public static IReadOnlyList<(string Backend, string Name)> Spellings(FeatureDefinition f)
    {
        var list = new List<(string, string)>();
        if (f.Spellings.Qemu is { } q)
        {
            list.Add(("qemu", q));
        }

        if (f.Spellings.Libvirt is { } l)
        {
            list.Add(("libvirt", l));
        }

        if (f.Spellings.Linux is { } linux)
        {
            list.Add(("linux", linux));
        }

        if (f.Spellings.Xen.OrderBy(kv => kv.Key, StringComparer.Ordinal).LastOrDefault() is { Value: { } xen })
        {
            list.Add(("xen", xen));
        }

        return list;
    }
}
