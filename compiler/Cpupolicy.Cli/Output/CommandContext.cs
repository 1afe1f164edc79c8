using System.Text.Json;
using System.Text.Json.Nodes;
using Cpupolicy.Core.Diagnostics;
using Spectre.Console;

namespace Cpupolicy.Cli.Output;

/// <summary>
/// What a command writes to: stdout (one JSON document with <c>--json</c>, else human text), stderr (diagnostics),
/// and stdin. Colour only when stdout is a terminal; tests pass plain writers.
/// </summary>
public sealed class CommandContext
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    public CommandContext(TextWriter stdout, TextWriter stderr, TextReader stdin, bool json, bool stdoutIsTerminal)
    {
        Stdout = stdout;
        Stderr = stderr;
        Stdin = stdin;
        Json = json;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = stdoutIsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = stdoutIsTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!stdoutIsTerminal)
        {
            Console.Profile.Width = 200;
        }
    }

    public TextWriter Stdout { get; }

    public TextWriter Stderr { get; }

    public TextReader Stdin { get; }

    public bool Json { get; }

    /// <summary>Spectre console over stdout, for tables in human mode.</summary>
    public IAnsiConsole Console { get; }

    public void WriteJson(JsonNode document)
    {
        Stdout.Write(document.ToJsonString(JsonOptions));
        Stdout.Write('\n');
    }

    public void Report(Diagnostic diagnostic) => Stderr.WriteLine(diagnostic.ToString());

    public void Report(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var d in diagnostics)
        {
            Report(d);
        }
    }
}
