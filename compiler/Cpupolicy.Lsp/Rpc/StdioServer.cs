using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using StreamJsonRpc;

namespace Cpupolicy.Lsp.Rpc;

/// <summary>
/// <c>cpupolicy lsp</c>: the server over a pair of streams (stdin/stdout), with LSP's <c>Content-Length</c> framing
/// (StreamJsonRpc's <see cref="HeaderDelimitedMessageHandler"/>) and UTF-8 JSON from source-generated serialisers.
/// </summary>
public static class StdioServer
{
    /// <summary>How long diagnostics wait for the typing to pause; each keystroke restarts the wait.</summary>
    public static readonly TimeSpan DiagnosticsDelay = TimeSpan.FromMilliseconds(150);

    /// <summary>Serves until the client sends <c>exit</c> or closes the stream; returns the process exit code.</summary>
    public static async Task<int> RunAsync(Stream input, Stream output, TextWriter log)
    {
        var exited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        JsonRpc? rpc = null;
        LanguageServer? server = null;
        using var debouncer = new Debouncer(DiagnosticsDelay, action =>
        {
            lock (server!.Gate)
            {
                action();
            }
        }, log);
        server = new LanguageServer((method, parameters) => Notify(rpc, method, parameters, log), debouncer.Schedule);
        using var handler = new HeaderDelimitedMessageHandler(output, input, CreateFormatter());
        rpc = new JsonRpc(handler);
        rpc.AddLocalRpcTarget(RpcTargetMetadata.FromShape<ILanguageServerRpc>(), new LanguageServerRpc(server, log, () => exited.TrySetResult()), null);
        rpc.StartListening();
        await Task.WhenAny(rpc.Completion, exited.Task).ConfigureAwait(false);
        rpc.Dispose();
        return server.ExitCode ?? (server.ShutdownRequested ? 0 : 1);
    }

    // The formatter is AOT-safe for the types of LspJsonContext, which are the only ones this server sends or reads.
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Every type on the wire is in LspJsonContext (source-generated).")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Every type on the wire is in LspJsonContext (source-generated).")]
    private static SystemTextJsonFormatter CreateFormatter() => new()
    {
        JsonSerializerOptions = { TypeInfoResolver = LspJsonContext.Default },
    };

    /// <summary>
    /// A notification to the client. Its parameters go as a dictionary of JsonNode members so that the params object
    /// is written member by member by the source-generated JsonNode serialiser.
    /// </summary>
    private static void Notify(JsonRpc? rpc, string method, JsonObject parameters, TextWriter log)
    {
        if (rpc is null)
        {
            return;
        }

        var members = parameters.ToDictionary(kv => kv.Key, kv => (object?)kv.Value?.DeepClone(), StringComparer.Ordinal);
        var types = members.ToDictionary(kv => kv.Key, _ => typeof(JsonNode), StringComparer.Ordinal);
        _ = rpc.NotifyWithParameterObjectAsync(method, members!, types).ContinueWith(
            t => log.WriteLine($"cpupolicy lsp: cannot send `{method}`: {t.Exception?.GetBaseException().Message}"),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }
}
