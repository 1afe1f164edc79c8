using System.CommandLine;
using System.Text.Json.Nodes;
using Cpupolicy.Compiler;
using Cpupolicy.Cli.Infrastructure;
using Cpupolicy.Cli.Output;
using Cpupolicy.Compiler.Emit;

namespace Cpupolicy.Cli.Commands;

/// <summary><c>cpupolicy check POLICY</c>: run every stage up to emission and print the diagnostics; exit 0 or 1.</summary>
public static class CheckCommand
{
    public static Command Build(GlobalOptions globals, CliIo io)
    {
        var policy = new Argument<string>("POLICY") { Description = "The policy file (*.cpupolicy), or - for stdin" };
        var command = new Command("check", "Check a policy: syntax, names, dependencies, constraints, hosts; no output files") { policy };
        command.SetAction(parse => CommandRunner.Run(io, parse, globals.Json, (ctx, p) =>
        {
            var path = p.GetValue(policy)!;
            var text = Core.IO.InputFile.ReadText(path, ctx.Stdin);
            var result = Compilation.Compile(text, path == "-" ? "<stdin>" : path);
            ctx.Report(result.Diagnostics);
            if (ctx.Json)
            {
                ctx.WriteJson(new JsonObject
                {
                    ["ok"] = !result.HasErrors,
                    ["diagnostics"] = new JsonArray(result.Diagnostics.Select(d => (JsonNode)JsonShapes.Diagnostic(d)).ToArray()),
                });
            }
            else if (!result.HasErrors)
            {
                ctx.Stdout.WriteLine($"{path}: {ctx.Out.Good("ok")} ({result.Profiles.Count} profiles)");
            }

            return result.HasErrors ? ExitCode.InputError : ExitCode.Success;
        }));
        return command;
    }
}
