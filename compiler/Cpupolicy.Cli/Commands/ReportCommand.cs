using System.CommandLine;
using System.Text.Json.Nodes;
using Cpupolicy.Cli.Infrastructure;
using Cpupolicy.Cli.Output;
using Cpupolicy.Compiler.Analyses;
using Cpupolicy.Core.Database;

namespace Cpupolicy.Cli.Commands;

/// <summary>
/// <c>cpupolicy report --policy P --out report.html</c>: one self-contained HTML page with the host × profile
/// compatibility matrix as a heatmap and, per cell, what blocks it. Written atomically.
/// </summary>
public static class ReportCommand
{
    public static Command Build(GlobalOptions globals, CliIo io)
    {
        var policy = new Option<string>("--policy") { Description = "The policy file", Required = true };
        var output = new Option<string>("--out") { Description = "The HTML file to write", DefaultValueFactory = _ => "report.html" };
        var command = new Command("report", "Write an HTML page with the host x profile compatibility matrix (heatmap) and what blocks each cell")
        {
            policy, output,
        };
        command.SetAction(parse => CommandRunner.Run(io, parse, globals.Json, (ctx, p) => Execute(ctx, p.GetValue(policy)!, p.GetValue(output)!)));
        return command;
    }

    private static int Execute(CommandContext ctx, string policyPath, string outPath)
    {
        var policy = FleetPolicy.Load(policyPath, ctx.Stdin);
        ctx.Report(policy.Diagnostics);
        if (policy.HasErrors)
        {
            return ExitCode.InputError;
        }

        var db = FeatureDatabase.Default;
        var (written, error) = HtmlReport.Write(policy, outPath);
        if (written is not { } matrix)
        {
            ctx.Report(error!);
            return ExitCode.InputError;
        }

        var compatible = matrix.Cells.Count(c => c.Compatible);
        if (ctx.Json)
        {
            ctx.WriteJson(new JsonObject
            {
                ["out"] = outPath,
                ["hosts"] = JsonShapes.Array(matrix.Hosts.Select(h => h.Name)),
                ["profiles"] = JsonShapes.Array(matrix.Profiles),
                ["cells"] = new JsonArray(matrix.Cells.Select(c => (JsonNode)new JsonObject
                {
                    ["host"] = c.Host,
                    ["profile"] = c.Profile,
                    ["compatible"] = c.Compatible,
                    ["placed"] = c.Placed,
                    ["vendor_mismatch"] = c.VendorMismatch,
                    ["missing"] = JsonShapes.Features(db, c.Missing),
                }).ToArray()),
            });
        }
        else
        {
            ctx.Stdout.WriteLine($"wrote {outPath}: {matrix.Hosts.Count} hosts x {matrix.Profiles.Count} profiles, {compatible} of {matrix.Cells.Count} pairs compatible");
        }

        return ExitCode.Success;
    }
}
