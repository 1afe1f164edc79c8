using System.Text.Json;
using System.Text.Json.Nodes;
using Cpupolicy.Core.Diagnostics;
using Spectre.Console;

namespace Cpupolicy.Cli.Output;

/// <summary>
/// What a command writes to: stdout (one JSON document with <c>--json</c>, else human text), stderr (diagnostics),
/// and stdin. Colour (<see cref="Out"/>, <see cref="Err"/>, and Spectre's tables) only where <see cref="ColourChoice"/>
/// allows it; tests pass plain writers and get plain text.
/// </summary>
public sealed class CommandContext
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    public CommandContext(TextWriter stdout, TextWriter stderr, TextReader stdin, bool json, bool stdoutIsTerminal, Paint stdoutPaint, Paint stderrPaint)
    {
        Stdout = stdout;
        Stderr = stderr;
        Stdin = stdin;
        Json = json;
        Out = stdoutPaint;
        Err = stderrPaint;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = stdoutPaint.Enabled ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = stdoutPaint.Enabled ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
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

    /// <summary>Colour for what goes to stdout (verdicts, names); a no-op when stdout is not painted.</summary>
    public Paint Out { get; }

    /// <summary>Colour for what goes to stderr (diagnostics); a no-op when stderr is not painted.</summary>
    public Paint Err { get; }

    /// <summary>Spectre console over stdout, for tables in human mode.</summary>
    public IAnsiConsole Console { get; }

    public void WriteJson(JsonNode document)
    {
        Stdout.Write(document.ToJsonString(JsonOptions));
        Stdout.Write('\n');
    }

    public void Report(Diagnostic diagnostic) => Stderr.WriteLine(Err.Diagnostic(diagnostic));

    public void Report(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var d in diagnostics)
        {
            Report(d);
        }
    }
}
