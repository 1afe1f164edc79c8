using System.Text.Json;
using System.Text.Json.Nodes;
using PolyType;
using StreamJsonRpc;

namespace Cpupolicy.Lsp.Rpc;

/// <summary>
/// The LSP methods as StreamJsonRpc sees them. Each takes the raw <c>params</c> object (LSP sends one object, never an
/// array) and hands it to <see cref="LanguageServer.Handle"/>. The shape is source-generated (PolyType), so
/// StreamJsonRpc dispatches without reflection and the NativeAOT build carries no trim warning.
/// </summary>
[JsonRpcContract]
[GenerateShape(IncludeMethods = MethodShapeFlags.PublicInstance)]
public partial interface ILanguageServerRpc
{
    [JsonRpcMethod("initialize", UseSingleObjectParameterDeserialization = true)]
    Task<JsonNode?> InitializeAsync(JsonElement parameters);

    [JsonRpcMethod("initialized", UseSingleObjectParameterDeserialization = true)]
    void Initialized(JsonElement parameters);

    [JsonRpcMethod("shutdown")]
    Task<JsonNode?> ShutdownAsync();

    [JsonRpcMethod("exit")]
    void Exit();

    [JsonRpcMethod("textDocument/didOpen", UseSingleObjectParameterDeserialization = true)]
    void DidOpen(JsonElement parameters);

    [JsonRpcMethod("textDocument/didChange", UseSingleObjectParameterDeserialization = true)]
    void DidChange(JsonElement parameters);

    [JsonRpcMethod("textDocument/didClose", UseSingleObjectParameterDeserialization = true)]
    void DidClose(JsonElement parameters);

    [JsonRpcMethod("textDocument/didSave", UseSingleObjectParameterDeserialization = true)]
    void DidSave(JsonElement parameters);

    [JsonRpcMethod("textDocument/completion", UseSingleObjectParameterDeserialization = true)]
    Task<JsonNode?> CompletionAsync(JsonElement parameters);

    [JsonRpcMethod("textDocument/hover", UseSingleObjectParameterDeserialization = true)]
    Task<JsonNode?> HoverAsync(JsonElement parameters);

    [JsonRpcMethod("textDocument/definition", UseSingleObjectParameterDeserialization = true)]
    Task<JsonNode?> DefinitionAsync(JsonElement parameters);

    [JsonRpcMethod("textDocument/references", UseSingleObjectParameterDeserialization = true)]
    Task<JsonNode?> ReferencesAsync(JsonElement parameters);

    [JsonRpcMethod("textDocument/formatting", UseSingleObjectParameterDeserialization = true)]
    Task<JsonNode?> FormattingAsync(JsonElement parameters);

    [JsonRpcMethod("textDocument/rename", UseSingleObjectParameterDeserialization = true)]
    Task<JsonNode?> RenameAsync(JsonElement parameters);

    [JsonRpcMethod("textDocument/prepareRename", UseSingleObjectParameterDeserialization = true)]
    Task<JsonNode?> PrepareRenameAsync(JsonElement parameters);
}
