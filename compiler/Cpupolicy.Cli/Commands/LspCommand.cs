using System.CommandLine;
using Cpupolicy.Cli.Infrastructure;
using Cpupolicy.Lsp.Rpc;

namespace Cpupolicy.Cli.Commands;

/// <summary>
/// <c>cpupolicy lsp</c>: the language server (LSP 3.17, JSON-RPC over stdin/stdout) for editors; see docs/authoring.md.
/// Exit 0 after <c>shutdown</c> then <c>exit</c>, 1 when the client goes away without them.
/// </summary>
public static class LspCommand
{
    public static Command Build(GlobalOptions globals, CliIo io)
    {
        var stdio = new Option<bool>("--stdio") { Description = "Talk over stdin/stdout (the only transport; accepted because editors pass it)" };
        var command = new Command("lsp", "Run the language server (LSP over stdio) for editors: diagnostics, completion, hover, navigation, rename, formatting") { stdio };
        command.SetAction(_ =>
        {
            // stdout carries the protocol; nothing else may be written there.
            using var input = Console.OpenStandardInput();
            using var output = Console.OpenStandardOutput();
            return StdioServer.RunAsync(input, output, io.Stderr).GetAwaiter().GetResult();
        });
        return command;
    }
}
