using System.CommandLine;
using Cpupolicy.Cli.Output;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Cli.Infrastructure;

/// <summary>
/// Runs a command body with the CLI's error contract: a <see cref="DiagnosticException"/> is bad input (printed,
/// exit 1); anything else is a bug (exit 4 with what to report, never a bare stack trace).
/// </summary>
public static class CommandRunner
{
    public static int Run(CliIo io, ParseResult parse, Option<bool> json, Func<CommandContext, ParseResult, int> body)
    {
        var isJson = parse.GetValue(json);
        var context = new CommandContext(
            io.Stdout,
            io.Stderr,
            io.Stdin,
            isJson,
            io.StdoutIsTerminal,
            ColourChoice.For(isJson, io.StdoutIsTerminal, io.Env),
            ColourChoice.For(isJson, io.StderrIsTerminal, io.Env));
        try
        {
            return body(context, parse);
        }
        catch (DiagnosticException e)
        {
            context.Report(e.Diagnostic);
            if (context.Json)
            {
                CliErrors.WriteJson(io.Stdout, ExitCode.InputError, Output.JsonShapes.Diagnostic(e.Diagnostic));
            }

            return ExitCode.InputError;
        }
        catch (UsageException e)
        {
            io.Stderr.WriteLine($"cpupolicy: {e.Message}");
            if (context.Json)
            {
                CliErrors.WriteJson(io.Stdout, ExitCode.Usage, new System.Text.Json.Nodes.JsonObject { ["message"] = e.Message });
            }

            return ExitCode.Usage;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            io.Stderr.WriteLine($"cpupolicy: internal failure ({e.GetType().Name}): {e.Message}");
            io.Stderr.WriteLine("This is a bug in cpupolicy. Please report it with the command line and the input files;");
            io.Stderr.WriteLine("set CPUPOLICY_DEBUG=1 to print the full trace.");
            if (Environment.GetEnvironmentVariable("CPUPOLICY_DEBUG") == "1")
            {
                io.Stderr.WriteLine(e.ToString());
            }

            return ExitCode.InternalFailure;
        }
    }
}
