namespace Cpupolicy.Cli.Infrastructure;

/// <summary>The process streams a run of the CLI uses (real ones in Program, string writers in tests).</summary>
public sealed record CliIo(TextWriter Stdout, TextWriter Stderr, TextReader Stdin, bool StdoutIsTerminal)
{
    public static CliIo FromConsole() =>
        new(Console.Out, Console.Error, Console.In, !Console.IsOutputRedirected) { StderrIsTerminal = !Console.IsErrorRedirected };

    /// <summary>Whether stderr is a terminal (diagnostics are coloured only then).</summary>
    public bool StderrIsTerminal { get; init; }

    /// <summary>The environment the commands see (the process's, unless a test gives its own).</summary>
    public Func<string, string?> Env { get; init; } = Environment.GetEnvironmentVariable;
}
