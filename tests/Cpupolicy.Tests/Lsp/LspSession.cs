using System.Text.Json;
using System.Text.Json.Nodes;
using Cpupolicy.Lsp;

namespace Cpupolicy.Tests.Lsp;

/// <summary>A language server driven in-process, as a client would: requests by name, JSON params, published notifications kept.</summary>
internal sealed class LspSession
{
    public LspSession() => Server = new LanguageServer((method, p) => Published.Add((method, p)));

    public LanguageServer Server { get; }

    public List<(string Method, JsonObject Params)> Published { get; } = [];

    public JsonNode? Send(string method, JsonNode? parameters) =>
        Server.Handle(method, parameters is null ? null : JsonDocument.Parse(parameters.ToJsonString()).RootElement.Clone());

    public static string Uri(string path) => new Uri(Path.GetFullPath(path)).AbsoluteUri;

    public void Open(string path, string text, int version = 1) => Send("textDocument/didOpen", new JsonObject
    {
        ["textDocument"] = new JsonObject { ["uri"] = Uri(path), ["languageId"] = "cpupolicy", ["version"] = version, ["text"] = text },
    });

    public JsonNode? At(string method, string path, int line, int character, JsonObject? extra = null)
    {
        var p = new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = Uri(path) },
            ["position"] = new JsonObject { ["line"] = line, ["character"] = character },
        };
        foreach (var (key, value) in extra ?? [])
        {
            p[key] = value?.DeepClone();
        }

        return Send(method, p);
    }

    /// <summary>The diagnostics last published for a file.</summary>
    public JsonArray Diagnostics(string path) =>
        Published.Last(p => p.Method == "textDocument/publishDiagnostics" && p.Params["uri"]!.GetValue<string>() == Uri(path)).Params["diagnostics"]!.AsArray();
}
