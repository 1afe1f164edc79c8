using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cpupolicy.Lsp.Analysis;
using Cpupolicy.Lsp.Documents;
using Cpupolicy.Lsp.Features;
using Cpupolicy.Lsp.Protocol;

namespace Cpupolicy.Lsp;

/// <summary>
/// The language server's requests and notifications, independent of the transport: <see cref="Handle"/> takes a
/// method name and its raw parameters and returns the result (null for a notification); messages to the client go
/// through the <c>notify</c> callback. The JSON-RPC layer (<see cref="Rpc.StdioServer"/>) and the fuzz target call
/// the same method, so whatever the fuzzer proves of it holds for the server.
/// </summary>
/// <param name="notify">sends a notification to the client.</param>
/// <param name="defer">
/// when given, runs the diagnostics of a change later (the stdio server debounces them: a keystroke answers at once,
/// and a burst of keystrokes compiles once); when null they are published before <see cref="Handle"/> returns.
/// </param>
public sealed class LanguageServer(Action<string, JsonObject> notify, Action<string, Action>? defer = null)
{
    /// <summary>Held while a message is handled: requests and deferred diagnostics never run at once.</summary>
    public Lock Gate { get; } = new();

    /// <summary>The methods <see cref="Handle"/> answers (the RPC layer registers exactly these).</summary>
    public static readonly IReadOnlyList<string> Requests =
    [
        "initialize", "shutdown", "textDocument/completion", "textDocument/hover", "textDocument/definition",
        "textDocument/references", "textDocument/formatting", "textDocument/rename", "textDocument/prepareRename",
    ];

    public static readonly IReadOnlyList<string> Notifications =
    [
        "initialized", "exit", "textDocument/didOpen", "textDocument/didChange", "textDocument/didClose", "textDocument/didSave",
    ];

    public PolicyWorkspace Workspace { get; } = new();

    public bool ShutdownRequested { get; private set; }

    /// <summary>Set by <c>exit</c>: the process ends, with 0 when <c>shutdown</c> came first (LSP's rule), else 1.</summary>
    public int? ExitCode { get; private set; }

    public JsonNode? Handle(string method, JsonElement? parameters)
    {
        switch (method)
        {
            case "initialize":
                return Initialize();
            case "initialized":
                return null;
            case "shutdown":
                ShutdownRequested = true;
                return null;
            case "exit":
                ExitCode = ShutdownRequested ? 0 : 1;
                return null;
            case "textDocument/didOpen":
                DidOpen(parameters);
                return null;
            case "textDocument/didChange":
                DidChange(parameters);
                return null;
            case "textDocument/didClose":
                DidClose(parameters);
                return null;
            case "textDocument/didSave":
                return null;
        }

        var document = Workspace.Documents.Find(parameters.DocumentUri())
            ?? throw new LspRequestException(LspRequestException.InvalidParams, $"`{method}` names no open document");
        var offset = document.Lines.OffsetOf(parameters.Member("position").Position() ?? new LspPosition(0, 0));
        switch (method)
        {
            case "textDocument/completion":
                return CompletionProvider.Complete(Workspace, document, offset);
            case "textDocument/hover":
                return HoverProvider.Hover(Workspace, document, offset);
            case "textDocument/definition":
                return NavigationProvider.Definition(Workspace, document, offset);
            case "textDocument/references":
                return NavigationProvider.References(Workspace, document, offset, parameters.Member("context").Member("includeDeclaration").Bool() ?? true);
            case "textDocument/formatting":
                return FormattingProvider.Format(document);
            case "textDocument/prepareRename":
                return NavigationProvider.PrepareRename(Workspace, document, offset);
            case "textDocument/rename":
                var newName = parameters.Member("newName").String() ?? throw new LspRequestException(LspRequestException.InvalidParams, "rename needs `newName`");
                return NavigationProvider.Rename(Workspace, document, offset, newName, out var error)
                    ?? throw new LspRequestException(LspRequestException.RequestFailed, error ?? "cannot rename here");
            default:
                throw new LspRequestException(-32601, $"unknown method `{method}`");
        }
    }

    /// <summary>The diagnostics of a document, as published after each change (also the bench's measure).</summary>
    public JsonObject Diagnose(TextDocument document) => DiagnosticsProvider.Publish(document, Workspace.Analyze(document));

    private static JsonObject Initialize() => new()
    {
        ["capabilities"] = new JsonObject
        {
            ["positionEncoding"] = "utf-16",
            ["textDocumentSync"] = new JsonObject { ["openClose"] = true, ["change"] = 2, ["save"] = false },
            ["completionProvider"] = new JsonObject { ["triggerCharacters"] = new JsonArray(" ", "(", "{", ",") },
            ["hoverProvider"] = true,
            ["definitionProvider"] = true,
            ["referencesProvider"] = true,
            ["documentFormattingProvider"] = true,
            ["renameProvider"] = new JsonObject { ["prepareProvider"] = true },
        },
        ["serverInfo"] = new JsonObject
        {
            ["name"] = "cpupolicy",
            ["version"] = typeof(LanguageServer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0",
        },
    };

    private void DidOpen(JsonElement? parameters)
    {
        var item = parameters.Member("textDocument");
        if (item.Member("uri").String() is not { } uri || item.Member("text").String() is not { } text)
        {
            return;
        }

        Publish(Workspace.Documents.Open(uri, text, item.Member("version").Int() ?? 0));
    }

    private void DidChange(JsonElement? parameters)
    {
        if (Workspace.Documents.Find(parameters.DocumentUri()) is not { } document)
        {
            return;
        }

        foreach (var change in parameters.Member("contentChanges").Array())
        {
            if (((JsonElement?)change).Member("text").String() is { } text)
            {
                document.Apply(((JsonElement?)change).Member("range").Range(), text);
            }
        }

        document.SetVersion(parameters.Member("textDocument").Member("version").Int() ?? document.Version + 1);
        Publish(document);
    }

    private void DidClose(JsonElement? parameters)
    {
        if (parameters.DocumentUri() is not { } uri)
        {
            return;
        }

        Workspace.Documents.Close(uri);
        Workspace.Forget(uri);
        notify("textDocument/publishDiagnostics", new JsonObject { ["uri"] = uri, ["diagnostics"] = new JsonArray() });
    }

    private void Publish(TextDocument document)
    {
        if (defer is null)
        {
            notify("textDocument/publishDiagnostics", Diagnose(document));
            return;
        }

        var uri = document.Uri;
        defer(uri, () =>
        {
            // Still open, at whatever version it has reached by now.
            if (Workspace.Documents.Find(uri) is { } current)
            {
                notify("textDocument/publishDiagnostics", Diagnose(current));
            }
        });
    }
}
