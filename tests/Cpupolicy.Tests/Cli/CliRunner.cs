using Cpupolicy.Cli;
using Cpupolicy.Cli.Infrastructure;

namespace Cpupolicy.Tests.Cli;

/// <summary>Runs the CLI in-process with captured streams.</summary>
public static class CliRunner
{
    public static CliResult Run(params string[] args) => RunWithStdin(string.Empty, args);

    public static CliResult RunWithStdin(string stdin, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CliApp.Run(args, new CliIo(stdout, stderr, new StringReader(stdin), StdoutIsTerminal: false));
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }
}

public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public System.Text.Json.JsonElement Json => System.Text.Json.JsonDocument.Parse(Stdout).RootElement;
}
