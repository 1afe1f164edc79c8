using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cpupolicy.Core.Database;

namespace Cpupolicy.Cli.Infrastructure;

/// <summary>
/// The command line's own rough edges: a mistyped command gets "did you mean", and under <c>--json</c> every failure
/// also prints one JSON document on stdout (<c>{"ok": false, "exit_code": N, "error": {...}}</c>), so config
/// management that parses stdout sees the failure instead of nothing.
/// </summary>
public static class CliErrors
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The message for a first argument that is no command, or null when the first argument is one (or an option).</summary>
    public static string? UnknownCommand(string[] args, ParseResult parse)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            return null;
        }

        var names = parse.RootCommandResult.Command.Subcommands.Select(c => c.Name).ToList();
        if (names.Contains(args[0], StringComparer.Ordinal))
        {
            return null;
        }

        var close = NameSuggester.Suggest(args[0], names);
        return $"unknown command `{args[0]}`" + (NameSuggester.DidYouMean(close) is { } hint ? $"; {hint}" : $"; the commands are {string.Join(", ", names)}");
    }

    public static int Usage(CliIo io, string[] args, string message)
    {
        io.Stderr.WriteLine($"cpupolicy: {message}");
        io.Stderr.WriteLine("Run `cpupolicy --help` for usage.");
        if (args.Contains("--json"))
        {
            WriteJson(io.Stdout, ExitCode.Usage, new JsonObject { ["message"] = message });
        }

        return ExitCode.Usage;
    }

    public static void WriteJson(TextWriter stdout, int exitCode, JsonObject error)
    {
        var document = new JsonObject { ["ok"] = false, ["exit_code"] = exitCode, ["error"] = error };
        stdout.Write(document.ToJsonString(Indented));
        stdout.Write('\n');
    }
}
