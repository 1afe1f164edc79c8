using System.Text.Json.Nodes;
using Cpupolicy.Lsp.Documents;
using Cpupolicy.Lsp.Protocol;
using Cpupolicy.Policy.Formatting;

namespace Cpupolicy.Lsp.Features;

/// <summary><c>textDocument/formatting</c>: <c>cpupolicy fmt</c> as one edit of the whole text; none for a text with a syntax error.</summary>
public static class FormattingProvider
{
    public static JsonArray Format(TextDocument document)
    {
        var result = PolicyFormatter.Format(document.Text, document.Path);
        if (result.Text is null || result.Diagnostics.Any(d => d.IsError) || !result.Changed)
        {
            return [];
        }

        var whole = new LspRange(new LspPosition(0, 0), document.Lines.PositionOf(document.Text.Length));
        // new JsonArray(...) rather than a collection expression, which would call the reflection-based JsonArray.Add<T>.
        return new JsonArray(new JsonObject { ["range"] = whole.ToJson(), ["newText"] = result.Text });
    }
}
