using System.Text.Json.Nodes;
using Cpupolicy.Cli.Infrastructure;
using Cpupolicy.Cli.Output;
using Cpupolicy.Compiler.Analyses;
using Cpupolicy.Compiler.Analyses.Live;
using Cpupolicy.Core.Database;
using Spectre.Console;

namespace Cpupolicy.Cli.Commands;

/// <summary>
/// The <c>--live PLATFORM</c> forms of <c>evacuate</c> and <c>migrate</c>: the running VMs, read through the
/// platform's tool (<see cref="LivePlatform"/>), instead of the profiles the policy places on a host.
/// </summary>
public static class LiveCommands
{
    public const string OptionDescription = "Judge the VMs running now, read through the platform's tool: xapi (xe), libvirt (virsh), kubevirt (kubectl)";

    public static void RequireKnown(string platform)
    {
        if (!LivePlatform.Names.Contains(platform, StringComparer.Ordinal))
        {
            throw new UsageException($"unknown --live `{platform}`: use {string.Join(", ", LivePlatform.Names)}");
        }
    }

    public static int Evacuate(CommandContext ctx, FleetPolicy policy, string hostName, string platform, Func<string, string?> env)
    {
        RequireKnown(platform);
        var source = LivePlatform.Create(platform, env);
        var report = LiveEvacuation.Plan(policy, hostName, source);
        var db = FeatureDatabase.Default;
        ctx.Report(report.Warnings);

        if (ctx.Json)
        {
            ctx.WriteJson(new JsonObject
            {
                ["host"] = report.Host,
                ["platform"] = report.Platform,
                ["evacuable"] = report.Evacuable,
                ["candidates"] = JsonShapes.Array(report.Candidates),
                ["blocking"] = JsonShapes.Array(report.Blocking.Select(v => v.Vm.Name)),
                ["vms"] = new JsonArray(report.Vms.Select(v => (JsonNode)Json(v, db)).ToArray()),
            });
        }
        else
        {
            ctx.Stdout.WriteLine($"host:      {ctx.Out.Bold(report.Host)} ({report.Platform}, {report.Vms.Count} running VM{(report.Vms.Count == 1 ? string.Empty : "s")})");
            ctx.Stdout.WriteLine($"to:        {(report.Candidates.Count == 0 ? "(no other host in its pools)" : string.Join(", ", report.Candidates))}");
            var table = new Table().AddColumns("VM", "profile", "can go to", "blocked by");
            foreach (var v in report.Vms)
            {
                table.AddRow(
                    Markup.Escape(v.Vm.Name),
                    Markup.Escape(v.Profile is null ? "(none)" : $"{v.Profile} ({v.ProfileReason})"),
                    Markup.Escape(v.CanMove ? string.Join(", ", v.Targets) : "NOWHERE"),
                    Markup.Escape(Blocked(v, db)));
            }

            ctx.Console.Write(table);
            var blocking = report.Blocking.ToList();
            ctx.Stdout.WriteLine(report.Evacuable
                ? $"verdict:   {ctx.Out.Good("the host can be evacuated")}: every running VM can live-migrate"
                : $"verdict:   {ctx.Out.Bad("CANNOT be evacuated")}: {blocking.Count} of {report.Vms.Count} running VMs block ({string.Join(", ", blocking.Select(v => v.Vm.Name))})");
            if (blocking.Count > 0)
            {
                ctx.Stdout.WriteLine("plan:");
                foreach (var v in blocking)
                {
                    ctx.Stdout.WriteLine($"  {ctx.Out.Bold(v.Vm.Name)}: {v.FixText}");
                }

                var missing = blocking.SelectMany(v => v.BlockedBy.Values).Aggregate(FeatureSet.Empty, (a, b) => a | b);
                if (!missing.IsEmpty)
                {
                    ctx.Stdout.WriteLine("missing features, in every spelling:");
                    ctx.Console.Write(FeatureTable(db, missing));
                }
            }
        }

        return report.Evacuable ? ExitCode.Success : ExitCode.Incompatible;
    }

    private static string Blocked(LiveVmVerdict v, FeatureDatabase db)
    {
        if (v.CpuUnknown is not null)
        {
            return $"cannot tell its boot CPU: {v.CpuUnknown}";
        }

        return string.Join("; ", v.BlockedBy.Select(b =>
            $"{b.Key}: {(v.VendorBlocked.Contains(b.Key) ? "other vendor " : string.Empty)}{string.Join(' ', db.Expand(b.Value).Select(f => f.Name))}".TrimEnd()));
    }

    private static JsonObject Json(LiveVmVerdict v, FeatureDatabase db)
    {
        var blocked = new JsonObject();
        foreach (var (h, missing) in v.BlockedBy)
        {
            blocked[h] = JsonShapes.Features(db, missing);
        }

        return new JsonObject
        {
            ["name"] = v.Vm.Name,
            ["id"] = v.Vm.Id,
            ["host"] = v.Vm.Host,
            ["profile"] = v.Profile,
            ["profile_reason"] = v.ProfileReason,
            ["cpu_unknown"] = v.CpuUnknown,
            ["can_move"] = v.CanMove,
            ["targets"] = JsonShapes.Array(v.Targets),
            ["blocked_by"] = blocked,
            ["vendor_mismatch"] = JsonShapes.Array(v.VendorBlocked),
            ["fix"] = new JsonObject
            {
                ["action"] = v.Fix switch { LiveFixKind.ColdRestart => "cold-restart", LiveFixKind.ChangePolicy => "change-policy", _ => "none" },
                ["profile"] = v.Fix == LiveFixKind.ColdRestart ? v.Profile : null,
                ["targets"] = JsonShapes.Array(v.TargetsAfterFix),
                ["text"] = v.FixText,
            },
        };
    }

    private static Table FeatureTable(FeatureDatabase db, FeatureSet missing)
    {
        var table = new Table().AddColumns("feature", "where", "xen", "qemu", "libvirt", "linux");
        foreach (var f in db.Expand(missing))
        {
            table.AddRow(
                Markup.Escape(f.Name),
                Markup.Escape(f.Location.ToString()),
                Markup.Escape(f.Spellings.XenFor(JsonShapes.DefaultXenRelease) ?? "-"),
                Markup.Escape(f.Spellings.Qemu ?? "-"),
                Markup.Escape(f.Spellings.Libvirt ?? "-"),
                Markup.Escape(f.Spellings.Linux ?? "-"));
        }

        return table;
    }
}
