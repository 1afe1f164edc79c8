using System.Text.Json.Nodes;
using Cpupolicy.Lsp.Analysis;
using Cpupolicy.Lsp.Documents;
using Cpupolicy.Lsp.Protocol;
using Cpupolicy.Policy.Syntax;

namespace Cpupolicy.Lsp.Features;

/// <summary>
/// Go to definition, find references and rename for hosts, pools and profiles, across the open documents and the
/// files they include (one namespace for all three, as the binder has it).
/// </summary>
public static class NavigationProvider
{
    public static JsonNode? Definition(PolicyWorkspace workspace, TextDocument document, int offset)
    {
        if (SymbolAt(workspace, document, offset) is not { } name)
        {
            return null;
        }

        var declarations = Occurrences(workspace, name.Text).Where(o => o.Name.Role == NameRole.Declaration).Select(o => (JsonNode)o.Location).ToArray();
        return declarations.Length == 0 ? null : new JsonArray(declarations);
    }

    public static JsonArray References(PolicyWorkspace workspace, TextDocument document, int offset, bool includeDeclaration)
    {
        if (SymbolAt(workspace, document, offset) is not { } name)
        {
            return [];
        }

        return new JsonArray([.. Occurrences(workspace, name.Text)
            .Where(o => includeDeclaration || o.Name.Role != NameRole.Declaration)
            .Select(o => (JsonNode)o.Location)]);
    }

    /// <summary>The name to rename and its range, or null when the cursor is on nothing renameable.</summary>
    public static JsonObject? PrepareRename(PolicyWorkspace workspace, TextDocument document, int offset) =>
        SymbolAt(workspace, document, offset) is { } name
            ? new JsonObject { ["range"] = LspRange.FromSpan(name.Span, document.Lines).ToJson(), ["placeholder"] = name.Text }
            : null;

    /// <summary>
    /// A <c>WorkspaceEdit</c> renaming the symbol in every file; null (an error for the client) when the cursor is
    /// on no symbol or the new name is not a valid name, or is taken.
    /// </summary>
    public static JsonObject? Rename(PolicyWorkspace workspace, TextDocument document, int offset, string newName, out string? error)
    {
        error = null;
        if (SymbolAt(workspace, document, offset) is not { } name)
        {
            error = "only hosts, pools and profiles can be renamed";
            return null;
        }

        if (!SyntaxFacts.IsValidName(newName))
        {
            error = $"`{newName}` is not a valid name ([A-Za-z_][A-Za-z0-9_.-]*, not a keyword)";
            return null;
        }

        if (newName != name.Text && Occurrences(workspace, newName).Any(o => o.Name.Role == NameRole.Declaration))
        {
            error = $"the policy already declares `{newName}`";
            return null;
        }

        var changes = new JsonObject();
        foreach (var group in Occurrences(workspace, name.Text).GroupBy(o => o.Uri, StringComparer.Ordinal))
        {
            changes[group.Key] = new JsonArray([.. group.Select(o => (JsonNode)new JsonObject { ["range"] = o.Location["range"]!.DeepClone(), ["newText"] = newName })]);
        }

        return new JsonObject { ["changes"] = changes };
    }

    private static NameOccurrence? SymbolAt(PolicyWorkspace workspace, TextDocument document, int offset) =>
        workspace.Syntax(document).Names.FirstOrDefault(n => n.IsSymbol && n.Contains(offset));

    private sealed record Found(NameOccurrence Name, string Uri, JsonObject Location);

    private static IEnumerable<Found> Occurrences(PolicyWorkspace workspace, string name)
    {
        foreach (var path in workspace.Files())
        {
            if (workspace.TextOf(path) is not { } text)
            {
                continue;
            }

            var open = workspace.Documents.FindByPath(path);
            var uri = open?.Uri ?? DocumentUri.FromPath(path);
            var lines = open?.Lines ?? new LineIndex(text);
            var names = open is not null ? workspace.Syntax(open).Names : workspace.NamesOf(path);
            foreach (var n in names.Where(n => n.IsSymbol && n.Text == name))
            {
                yield return new Found(n, uri, new JsonObject { ["uri"] = uri, ["range"] = LspRange.FromSpan(n.Span, lines).ToJson() });
            }
        }
    }
}
