using System.Text.Json;
using System.Text.Json.Nodes;
using StreamJsonRpc;

namespace Cpupolicy.Lsp.Rpc;

/// <summary>
/// Serves <see cref="ILanguageServerRpc"/> with one <see cref="LanguageServer"/>. Requests run one at a time (a
/// lock), so a didChange and the completion after it see the document in order. A refused request is a JSON-RPC
/// error with its LSP code; any other failure of a request is an error answer too, and one of a notification is
/// written to stderr: the server keeps running either way.
/// </summary>
internal sealed class LanguageServerRpc(LanguageServer server, TextWriter log, Action onExit) : ILanguageServerRpc
{
    public Task<JsonNode?> InitializeAsync(JsonElement parameters) => Request("initialize", parameters);

    public void Initialized(JsonElement parameters) => Notification("initialized", parameters);

    public Task<JsonNode?> ShutdownAsync() => Request("shutdown", null);

    public void Exit()
    {
        Notification("exit", null);
        onExit();
    }

    public void DidOpen(JsonElement parameters) => Notification("textDocument/didOpen", parameters);

    public void DidChange(JsonElement parameters) => Notification("textDocument/didChange", parameters);

    public void DidClose(JsonElement parameters) => Notification("textDocument/didClose", parameters);

    public void DidSave(JsonElement parameters) => Notification("textDocument/didSave", parameters);

    public Task<JsonNode?> CompletionAsync(JsonElement parameters) => Request("textDocument/completion", parameters);

    public Task<JsonNode?> HoverAsync(JsonElement parameters) => Request("textDocument/hover", parameters);

    public Task<JsonNode?> DefinitionAsync(JsonElement parameters) => Request("textDocument/definition", parameters);

    public Task<JsonNode?> ReferencesAsync(JsonElement parameters) => Request("textDocument/references", parameters);

    public Task<JsonNode?> FormattingAsync(JsonElement parameters) => Request("textDocument/formatting", parameters);

    public Task<JsonNode?> RenameAsync(JsonElement parameters) => Request("textDocument/rename", parameters);

    public Task<JsonNode?> PrepareRenameAsync(JsonElement parameters) => Request("textDocument/prepareRename", parameters);

    private Task<JsonNode?> Request(string method, JsonElement? parameters)
    {
        lock (server.Gate)
        {
            try
            {
                return Task.FromResult(server.Handle(method, parameters));
            }
            catch (LspRequestException e)
            {
                throw new LocalRpcException(e.Message) { ErrorCode = e.Code };
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                log.WriteLine($"cpupolicy lsp: `{method}` failed: {e.Message}");
                throw new LocalRpcException($"internal failure in `{method}`: {e.Message}") { ErrorCode = LspRequestException.RequestFailed };
            }
        }
    }

    private void Notification(string method, JsonElement? parameters)
    {
        lock (server.Gate)
        {
            try
            {
                server.Handle(method, parameters);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                log.WriteLine($"cpupolicy lsp: `{method}` failed: {e.Message}");
            }
        }
    }
}
