using System.Text.Json;

namespace Cpupolicy.Lsp.Protocol;

/// <summary>
/// Reading request parameters. A client may send anything, so every accessor answers null (or a default) for a
/// missing or mistyped member rather than throwing: a malformed request gets an empty answer, never a crash.
/// </summary>
public static class LspJson
{
    public static JsonElement? Member(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : null;

    public static JsonElement? Member(this JsonElement? element, string name) => element is { } e ? e.Member(name) : null;

    public static string? String(this JsonElement? element) => element is { ValueKind: JsonValueKind.String } e ? e.GetString() : null;

    public static int? Int(this JsonElement? element) => element is { ValueKind: JsonValueKind.Number } e && e.TryGetInt32(out var i) ? i : null;

    public static bool? Bool(this JsonElement? element) => element switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => null,
    };

    public static IEnumerable<JsonElement> Array(this JsonElement? element) =>
        element is { ValueKind: JsonValueKind.Array } e ? e.EnumerateArray() : [];

    public static LspPosition? Position(this JsonElement? element) =>
        element.Member("line").Int() is { } line && element.Member("character").Int() is { } character ? new LspPosition(line, character) : null;

    public static LspRange? Range(this JsonElement? element) =>
        element.Member("start").Position() is { } start && element.Member("end").Position() is { } end ? new LspRange(start, end) : null;

    /// <summary>The <c>textDocument.uri</c> of a request.</summary>
    public static string? DocumentUri(this JsonElement? parameters) => parameters.Member("textDocument").Member("uri").String();
}
