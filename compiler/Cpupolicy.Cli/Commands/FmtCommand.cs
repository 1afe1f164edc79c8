using System.CommandLine;
using System.Text.Json.Nodes;
using Cpupolicy.Cli.Infrastructure;
using Cpupolicy.Cli.Output;
using Cpupolicy.Core.IO;
using Cpupolicy.Policy.Formatting;

namespace Cpupolicy.Cli.Commands;

/// <summary>
/// <c>cpupolicy fmt POLICY... [--check]</c>: rewrite files in canonical form (comments kept), or with <c>--check</c>
/// only report which would change (exit 1). A file with a syntax error is never rewritten.
/// </summary>
public static class FmtCommand
{
    public static Command Build(GlobalOptions globals, CliIo io)
    {
        var files = new Argument<string[]>("POLICY") { Description = "Policy files to format (- = stdin to stdout)", Arity = ArgumentArity.OneOrMore };
        var check = new Option<bool>("--check") { Description = "Change nothing; exit 1 when a file is not in canonical form" };
        var command = new Command("fmt", "Format policy files canonically (idempotent; comments kept)") { files, check };
        command.SetAction(parse => CommandRunner.Run(io, parse, globals.Json, (ctx, p) => Execute(ctx, p.GetValue(files)!, p.GetValue(check))));
        return command;
    }

    private static int Execute(CommandContext ctx, string[] files, bool check)
    {
        var exit = ExitCode.Success;
        var report = new JsonArray();
        foreach (var file in files)
        {
            var text = InputFile.ReadText(file, ctx.Stdin);
            var result = PolicyFormatter.Format(text, file == "-" ? "<stdin>" : file);
            ctx.Report(result.Diagnostics);
            var broken = result.Text is null || result.Diagnostics.Any(d => d.IsError);
            if (broken)
            {
                exit = ExitCode.InputError;
                report.Add((JsonNode)new JsonObject { ["path"] = file, ["changed"] = false, ["error"] = true });
                continue;
            }

            report.Add((JsonNode)new JsonObject { ["path"] = file, ["changed"] = result.Changed, ["error"] = false });
            if (file == "-" && !check)
            {
                if (!ctx.Json)
                {
                    ctx.Stdout.Write(result.Text);
                }
            }
            else if (check)
            {
                if (result.Changed)
                {
                    ctx.Stderr.WriteLine($"{file}: not formatted (run `cpupolicy fmt {file}`)");
                    exit = ExitCode.InputError;
                }
            }
            else if (result.Changed)
            {
                AtomicFile.WriteAllText(file, result.Text!);
                if (!ctx.Json)
                {
                    ctx.Stdout.WriteLine($"formatted {file}");
                }
            }
        }

        if (ctx.Json)
        {
            ctx.WriteJson(new JsonObject { ["files"] = report });
        }

        return exit;
    }
}
