using System.CommandLine;
using System.Text.Json.Nodes;
using Cpupolicy.Cli.Infrastructure;
using Cpupolicy.Cli.Output;
using Cpupolicy.Compiler.Analyses;
using Spectre.Console;

namespace Cpupolicy.Cli.Commands;

/// <summary>
/// <c>cpupolicy evacuate --policy P --host NAME</c>: before a rolling update, can every VM profile placed on the host
/// move to another host of its pool? Per profile: the hosts that can take it, or the features that block it.
/// Exit 0 when the host can be evacuated, 3 when not.
/// </summary>
public static class EvacuateCommand
{
    public static Command Build(GlobalOptions globals, CliIo io)
    {
        var policy = new Option<string>("--policy") { Description = "The policy file", Required = true };
        var host = new Option<string>("--host") { Description = "The host to evacuate (a host of the policy)", Required = true };
        var live = new Option<string>("--live") { Description = LiveCommands.OptionDescription };
        var command = new Command("evacuate", "Can every VM profile placed on a host move to another host of its pool? (XAPI's CANNOT_EVACUATE_HOST, answered beforehand)")
        {
            policy, host, live,
        };
        command.SetAction(parse => CommandRunner.Run(io, parse, globals.Json, (ctx, p) => Execute(ctx, p.GetValue(policy)!, p.GetValue(host)!, p.GetValue(live), io.Env)));
        return command;
    }

    private static int Execute(CommandContext ctx, string policyPath, string hostName, string? live, Func<string, string?> env)
    {
        if (live is not null)
        {
            LiveCommands.RequireKnown(live);
        }

        var policy = FleetPolicy.Load(policyPath, ctx.Stdin);
        ctx.Report(policy.Diagnostics);
        if (policy.HasErrors)
        {
            return ExitCode.InputError;
        }

        if (live is not null)
        {
            return LiveCommands.Evacuate(ctx, policy, hostName, live, env);
        }

        var report = Evacuation.Plan(policy, hostName);
        if (ctx.Json)
        {
            ctx.WriteJson(new JsonObject
            {
                ["host"] = report.Host,
                ["evacuable"] = report.Evacuable,
                ["candidates"] = JsonShapes.Array(report.Candidates),
                ["profiles"] = new JsonArray(report.Profiles.Select(p =>
                {
                    var blocked = new JsonObject();
                    foreach (var (h, missing) in p.BlockedBy)
                    {
                        blocked[h] = ArchFeatures.Json(p.Arch, missing);
                    }

                    return (JsonNode)new JsonObject
                    {
                        ["name"] = p.Name,
                        ["vms"] = new JsonArray(p.Globs.Select(g => (JsonNode?)JsonValue.Create(g)).ToArray()),
                        ["targets"] = JsonShapes.Array(p.Targets),
                        ["blocked_by"] = blocked,
                        ["vendor_mismatch"] = JsonShapes.Array(p.VendorBlocked),
                        ["one_way"] = JsonShapes.Array(p.OneWayBlocked),
                        ["arch"] = p.Arch,
                    };
                }).ToArray()),
                ["unused_profiles"] = JsonShapes.Array(report.Unused),
            });
        }
        else
        {
            ctx.Stdout.WriteLine($"host:      {ctx.Out.Bold(report.Host)}");
            ctx.Stdout.WriteLine($"to:        {(report.Candidates.Count == 0 ? "(no other host in its pools)" : string.Join(", ", report.Candidates))}");
            var table = new Table().AddColumns("profile", "VMs", "can go to", "blocked by");
            foreach (var p in report.Profiles)
            {
                table.AddRow(
                    Markup.Escape(p.Name),
                    Markup.Escape(string.Join(", ", p.Globs.Select(g => g ?? "(default)"))),
                    Markup.Escape(p.Targets.Count == 0 ? "NOWHERE" : string.Join(", ", p.Targets)),
                    Markup.Escape(string.Join("; ", p.BlockedBy.Select(b =>
                        $"{b.Key}: {(p.VendorBlocked.Contains(b.Key) ? "other vendor " : string.Empty)}{(p.OneWayBlocked.Contains(b.Key) ? "older generation (one-way)" + (b.Value.IsEmpty ? string.Empty : ", lacks ") : string.Empty)}{string.Join(' ', ArchFeatures.Names(p.Arch, b.Value))}"))));
            }

            ctx.Console.Write(table);
            if (report.Unused.Count > 0)
            {
                ctx.Stdout.WriteLine($"unused:    {string.Join(", ", report.Unused)} (no vm rule uses them)");
            }

            ctx.Stdout.WriteLine($"verdict:   {(report.Evacuable ? ctx.Out.Good("the host can be evacuated") : ctx.Out.Bad("CANNOT be evacuated") + ": move or cold-restart the blocked VMs first")}");
        }

        return report.Evacuable ? ExitCode.Success : ExitCode.Incompatible;
    }
}
