namespace Cpupolicy.Lsp;

/// <summary>A request the server refuses, answered with a JSON-RPC error (the LSP error codes).</summary>
public sealed class LspRequestException(int code, string message) : Exception(message)
{
    public const int InvalidParams = -32602;
    public const int InvalidRequest = -32600;
    public const int RequestFailed = -32803;

    public int Code { get; } = code;
}
