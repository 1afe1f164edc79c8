using System.Text.Json.Nodes;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Lsp.Analysis;
using Cpupolicy.Lsp.Documents;
using Cpupolicy.Lsp.Protocol;

namespace Cpupolicy.Lsp.Features;

/// <summary>
/// <c>textDocument/publishDiagnostics</c>: the diagnostics of <c>cpupolicy check</c> with their codes, spans and
/// hints. One found in an included file is shown at the top of the document, naming that file.
/// </summary>
public static class DiagnosticsProvider
{
    public const string Source = "cpupolicy";

    public static JsonObject Publish(TextDocument document, DocumentAnalysis analysis)
    {
        var full = Path.GetFullPath(document.Path);
        var items = analysis.Compilation.Diagnostics.Select(d => (JsonNode)ToJson(d, document, full)).ToArray();
        return new JsonObject { ["uri"] = document.Uri, ["version"] = document.Version, ["diagnostics"] = new JsonArray(items) };
    }

    private static JsonObject ToJson(Diagnostic d, TextDocument document, string full)
    {
        var here = d.Span.File.Length > 0 && string.Equals(Path.GetFullPath(d.Span.File), full, StringComparison.Ordinal);
        var range = here ? LspRange.FromSpan(d.Span, document.Lines) : LspRange.FromSpan(SourceSpan.WholeFile(d.Span.File), document.Lines);
        var message = here ? d.Message : $"{d.Span}: {d.Message}";
        return new JsonObject
        {
            ["range"] = range.ToJson(),
            ["severity"] = d.IsError ? 1 : 2,
            ["code"] = d.Code,
            ["source"] = Source,
            ["message"] = d.Hint is null ? message : $"{message}\nhint: {d.Hint}",
        };
    }
}
