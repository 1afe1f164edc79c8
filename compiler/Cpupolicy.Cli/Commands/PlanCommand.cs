using System.CommandLine;
using System.Text.Json.Nodes;
using Cpupolicy.Cli.Infrastructure;
using Cpupolicy.Cli.Output;
using Cpupolicy.Compiler.Analyses;
using Cpupolicy.Core.Database;
using Spectre.Console;

namespace Cpupolicy.Cli.Commands;

/// <summary>
/// <c>cpupolicy plan --policy P --add FILE... --remove NAME...</c>: what a hardware refresh does to the pools and VMs,
/// and the order to do it in. Exit 0 when the plan can be carried out, 3 when the policy would no longer compile
/// after the change (the blockers say why).
/// </summary>
public static class PlanCommand
{
    public static Command Build(GlobalOptions globals, CliIo io)
    {
        var policy = new Option<string>("--policy") { Description = "The policy file", Required = true };
        var add = new Option<string[]>("--add")
        {
            Description = "A host to add: an inventory file, or NAME=FILE to name it (default name: the file name)",
            AllowMultipleArgumentsPerToken = true,
        };
        var remove = new Option<string[]>("--remove") { Description = "A host of the policy to retire", AllowMultipleArgumentsPerToken = true };
        var pool = new Option<string[]>("--pool")
        {
            Description = "The pool(s) the added hosts join; default: the policy's only pool",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("plan", "Plan adding and retiring hosts: new pool baselines, profiles that change, VMs that need a cold restart or lose migration, ordered steps")
        {
            policy, add, remove, pool,
        };
        command.SetAction(parse => CommandRunner.Run(io, parse, globals.Json, (ctx, p) =>
            Execute(ctx, p.GetValue(policy)!, p.GetValue(add) ?? [], p.GetValue(remove) ?? [], p.GetValue(pool) ?? [])));
        return command;
    }

    private static int Execute(CommandContext ctx, string policyPath, string[] add, string[] remove, string[] pools)
    {
        if (policyPath == "-")
        {
            throw new UsageException("plan rewrites the policy with its includes, so it needs --policy as a file, not stdin");
        }

        if (add.Length == 0 && remove.Length == 0)
        {
            throw new UsageException("give at least one --add FILE or --remove NAME");
        }

        var before = FleetPolicy.Load(policyPath);
        ctx.Report(before.Diagnostics);
        if (before.HasErrors)
        {
            return ExitCode.InputError;
        }

        var intoPools = add.Length == 0 || pools.Length > 0
            ? pools
            : FleetPlanner.DefaultPools(before)
                ?? throw new UsageException($"the policy has {before.Pools.Count} pools ({string.Join(", ", before.Pools.Select(p => p.Name))}): say which the new hosts join with --pool");

        var plan = FleetPlanner.Plan(before, add.Select(HostAddition.Parse).ToList(), remove, intoPools);
        ctx.Report(plan.Blockers);
        if (ctx.Json)
        {
            ctx.WriteJson(ToJson(plan));
        }
        else
        {
            WriteText(ctx, plan);
        }

        return plan.Feasible ? ExitCode.Success : ExitCode.Incompatible;
    }

    private static JsonObject ToJson(FleetPlan plan) => new()
    {
        ["feasible"] = plan.Feasible,
        ["added"] = new JsonArray(plan.Added.Select(a => (JsonNode)new JsonObject { ["name"] = a.Name, ["path"] = a.Path }).ToArray()),
        ["removed"] = JsonShapes.Array(plan.Removed),
        ["into_pools"] = JsonShapes.Array(plan.IntoPools),
        ["pools"] = new JsonArray(plan.Pools.Select(p => (JsonNode)new JsonObject
        {
            ["name"] = p.Name,
            ["old_hosts"] = JsonShapes.Array(p.OldHosts),
            ["new_hosts"] = JsonShapes.Array(p.NewHosts),
            ["arch"] = p.Arch,
            ["gained"] = ArchFeatures.Json(p.Arch, p.Gained),
            ["lost"] = ArchFeatures.Json(p.Arch, p.Lost),
        }).ToArray()),
        ["profiles"] = new JsonArray(plan.Profiles.Select(p => (JsonNode)new JsonObject
        {
            ["name"] = p.Name,
            ["status"] = p.Status.ToString().ToLowerInvariant(),
            ["arch"] = p.GainedArch,
            ["gained"] = ArchFeatures.Json(p.GainedArch, p.Gained),
            ["lost"] = ArchFeatures.Json(p.LostArch, p.Lost),
            ["artifacts_changed"] = JsonShapes.Array(p.ArtifactsChanged),
        }).ToArray()),
        ["vms"] = new JsonArray(plan.Vms.Select(v =>
        {
            var blocked = new JsonObject();
            foreach (var (host, missing) in v.CannotMigrateTo)
            {
                blocked[host] = ArchFeatures.Json(v.Arch, missing);
            }

            return (JsonNode)new JsonObject
            {
                ["glob"] = v.Glob,
                ["profile"] = v.Profile,
                ["arch"] = v.Arch,
                ["gains"] = ArchFeatures.Json(v.Arch, v.Gains),
                ["loses"] = ArchFeatures.Json(v.Arch, v.Loses),
                ["needs_cold_restart"] = v.NeedsColdRestart,
                ["cannot_migrate_to"] = blocked,
                ["on_retired_hosts"] = JsonShapes.Array(v.OnRetiredHosts),
                ["live_targets"] = JsonShapes.Array(v.LiveTargets),
                ["one_way"] = JsonShapes.Array(v.OneWayBlocked),
            };
        }).ToArray()),
        ["steps"] = new JsonArray(plan.Steps.Select(s => (JsonNode)new JsonObject
        {
            ["number"] = s.Number,
            ["action"] = s.Action,
            ["description"] = s.Description,
            ["hosts"] = JsonShapes.Array(s.Hosts),
            ["vms"] = new JsonArray(s.Globs.Select(g => (JsonNode?)JsonValue.Create(g)).ToArray()),
        }).ToArray()),
        ["blockers"] = new JsonArray(plan.Blockers.Select(d => (JsonNode)JsonShapes.Diagnostic(d)).ToArray()),
        ["policy_after"] = plan.PolicyAfter,
    };

    private static void WriteText(CommandContext ctx, FleetPlan plan)
    {
        var pools = new Table().AddColumns("pool", "hosts after", "baseline gains", "baseline loses");
        foreach (var p in plan.Pools)
        {
            pools.AddRow(Markup.Escape(p.Name), Markup.Escape(string.Join(", ", p.NewHosts)), Names(p.Arch, p.Gained), Names(p.Arch, p.Lost));
        }

        ctx.Console.Write(pools);
        var vms = new Table().AddColumns("VMs", "profile", "gain after a cold restart", "lose", "cannot migrate to");
        foreach (var v in plan.Vms)
        {
            vms.AddRow(
                Markup.Escape(v.Glob is null ? "(default)" : $"\"{v.Glob}\""),
                Markup.Escape(v.Profile),
                Names(v.Arch, v.Gains),
                Names(v.Arch, v.Loses),
                Markup.Escape(string.Join("; ", v.CannotMigrateTo.Select(b => $"{b.Key} ({(v.OneWayBlocked.Contains(b.Key) ? "older generation, one-way" + (b.Value.IsEmpty ? string.Empty : ": ") : string.Empty)}{string.Join(' ', ArchFeatures.Names(v.Arch, b.Value))})"))));
        }

        ctx.Console.Write(vms);
        ctx.Stdout.WriteLine("steps:");
        foreach (var step in plan.Steps)
        {
            ctx.Stdout.WriteLine($"  {step.Number}. {step.Description}");
        }
    }

    private static string Names(string arch, FeatureSet set) => Markup.Escape(string.Join(' ', ArchFeatures.Names(arch, set)));
}
