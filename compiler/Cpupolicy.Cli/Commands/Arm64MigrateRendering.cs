using System.Text.Json.Nodes;
using Cpupolicy.Cli.Infrastructure;
using Cpupolicy.Cli.Output;
using Cpupolicy.Compiler.Analyses;

namespace Cpupolicy.Cli.Commands;

/// <summary>How <c>migrate</c> shows an aarch64 verdict (<see cref="Arm64Migration"/>): JSON or text, exit 0 or 3.</summary>
internal static class Arm64MigrateRendering
{
    public static int Write(CommandContext ctx, Arm64MigrationVerdict v)
    {
        ctx.Report(v.Warnings);
        ctx.Report(v.Blockers);
        if (ctx.Json)
        {
            ctx.WriteJson(new JsonObject
            {
                ["arch"] = "aarch64",
                ["compatible"] = v.Compatible,
                ["verdict"] = v.Compatible ? "compatible" : "incompatible",
                ["missing"] = new JsonArray([.. v.Missing.Select(f => (JsonNode)ArchFeatures.Arm64(f))]),
                ["direction"] = v.Direction is { } d ? Arm64Migration.Name(d) : null,
                ["boot_host_extra"] = JsonShapes.Array(v.BootHostExtra.Select(f => f.Name)),
                ["counter_hz"] = new JsonObject { ["from"] = v.BootCounterHz, ["to"] = v.ToCounterHz },
                ["gic_version"] = new JsonObject { ["from"] = v.BootGic, ["to"] = v.ToGic },
                ["pmu"] = v.Pmu,
                ["vm"] = new JsonObject
                {
                    ["kind"] = v.VmKind,
                    ["source"] = v.Vm,
                    ["features"] = JsonShapes.Array(v.Database.Expand(v.VmFeatures).Select(f => f.Name)),
                },
                ["to"] = new JsonObject { ["name"] = v.To },
                ["from"] = v.BootHost,
                ["diagnostics"] = new JsonArray([.. v.Blockers.Concat(v.Warnings).Select(d => (JsonNode)JsonShapes.Diagnostic(d))]),
            });
        }
        else
        {
            ctx.Stdout.WriteLine($"vm:       {v.Vm} ({v.VmKind}, aarch64), {v.VmFeatures.Count} features");
            ctx.Stdout.WriteLine($"host:     {ctx.Out.Bold(v.To)}");
            if (v.Direction is { } direction)
            {
                ctx.Stdout.WriteLine($"one-way:  {v.BootHost} -> {v.To} is {Arm64Migration.Name(direction)}{(direction is Arm64Direction.Same or Arm64Direction.OlderToNewer ? " (allowed)" : " (refused: older to newer only)")}");
            }
            else
            {
                ctx.Stdout.WriteLine("one-way:  not checked (give the boot host with --from)");
            }

            ctx.Stdout.WriteLine($"counter:  {Pair(v.BootCounterHz?.ToString(System.Globalization.CultureInfo.InvariantCulture), v.ToCounterHz?.ToString(System.Globalization.CultureInfo.InvariantCulture), " Hz")}");
            ctx.Stdout.WriteLine($"gic:      {Pair(v.BootGic, v.ToGic, string.Empty)}");
            if (v.Pmu)
            {
                ctx.Stdout.WriteLine("pmu:      the VM has a PMU, whose state does not migrate");
            }

            ctx.Stdout.WriteLine($"verdict:  {(v.Compatible ? ctx.Out.Good("compatible") : ctx.Out.Bad("INCOMPATIBLE"))}");
            foreach (var f in v.Missing)
            {
                ctx.Stdout.WriteLine($"  missing {f.Name}  ({f.Coordinates})");
            }
        }

        return v.Compatible ? ExitCode.Success : ExitCode.Incompatible;
    }

    /// <summary><c>100000000 Hz -> 100000000 Hz</c>, or what is unknown.</summary>
    private static string Pair(string? from, string? to, string unit) => (from, to) switch
    {
        (null, null) => "not compared (neither file carries it)",
        (null, _) => $"not compared (the boot host's file does not carry it; destination {to}{unit})",
        (_, null) => $"not compared (the destination's file does not carry it; boot host {from}{unit})",
        _ => $"{from}{unit} -> {to}{unit}{(from == to ? string.Empty : " (differs)")}",
    };
}
