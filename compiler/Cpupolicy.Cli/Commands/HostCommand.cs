using System.CommandLine;
using System.Text.Json.Nodes;
using Cpupolicy.Cli.Infrastructure;
using Cpupolicy.Cli.Output;
using Cpupolicy.Compiler.Analyses;
using Cpupolicy.Core.Database;
using Cpupolicy.Compiler.Inventory;

namespace Cpupolicy.Cli.Commands;

/// <summary>
/// <c>cpupolicy host FILE...</c>: decode inventory files and name the best model each host can run. One file gives
/// one report (<c>--json</c>: one object); several files, a directory (every visible file in it) or a
/// <c>kubectl get nodes</c> list give one report per host, headed by its name (<c>--json</c>: an array), like
/// <c>baseline</c> reads them (<see cref="BulkInventory"/>).
/// </summary>
public static class HostCommand
{
    private static readonly Dictionary<string, string> Catalogs = new(StringComparer.OrdinalIgnoreCase)
    {
        ["libvirt-11.3.0"] = ModelDatabase.Libvirt11,
        ["libvirt-9.0.0"] = ModelDatabase.Libvirt9,
        ["qemu"] = ModelDatabase.Qemu,
        ["psabi"] = ModelDatabase.Psabi,
    };

    public static Command Build(GlobalOptions globals, CliIo io)
    {
        var files = new Argument<string[]>("FILE")
        {
            Description = "Inventory files (cpuid -r, libvirt CPUID data, virsh capabilities, /proc/cpuinfo, Xen featureset, KubeVirt node, probe output) or directories of them, or - for stdin",
            Arity = ArgumentArity.OneOrMore,
        };
        var catalog = new Option<string>("--catalog")
        {
            Description = "The model catalog the best model is picked from: libvirt-11.3.0, libvirt-9.0.0, qemu or psabi",
            DefaultValueFactory = _ => "libvirt-11.3.0",
        };
        catalog.AcceptOnlyFromAmong([.. Catalogs.Keys]);
        var command = new Command("host", "Decode host inventories: vendor, family/model/stepping, features, best named model (+/- features), one report per host")
        {
            files, catalog,
        };
        command.SetAction(parse => CommandRunner.Run(io, parse, globals.Json, (ctx, p) =>
            Execute(ctx, p.GetValue(files) ?? [], new HostReportOptions { Catalog = Catalogs[p.GetValue(catalog)!] })));
        return command;
    }

    private static int Execute(CommandContext ctx, string[] paths, HostReportOptions options)
    {
        var db = FeatureDatabase.Default;
        var bulk = paths.Length > 1 || paths.Any(p => p != "-" && Directory.Exists(p));
        if (!bulk)
        {
            // One file: the report as it always was, unless the file is a node list (then one report per node).
            var hosts = BulkInventory.Read(paths[0], InventoryOptions.Default, ctx.Stdin);
            if (hosts.Count == 1)
            {
                var host = hosts[0].Host;
                ctx.Report(host.Warnings);
                if (host.Arm64 is not null)
                {
                    if (ctx.Json)
                    {
                        ctx.WriteJson(Arm64HostReport.ToJson(host));
                    }
                    else
                    {
                        ctx.Stdout.Write(Arm64HostReport.ToText(host));
                    }

                    return ExitCode.Success;
                }

                var report = HostReport.Create(host, options);
                if (ctx.Json)
                {
                    ctx.WriteJson(report.ToJson(db, JsonShapes.Feature));
                }
                else
                {
                    ctx.Stdout.Write(report.ToText(db));
                }

                return ExitCode.Success;
            }
        }

        // Each host's report as JSON and text: the x86 report, or the aarch64 one (ID-register fields, hwcaps).
        var reports = new List<(string Name, Func<JsonObject> Json, Func<string> Text)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths.SelectMany(BulkInventory.Expand))
        {
            foreach (var (stem, host) in BulkInventory.Read(path, InventoryOptions.Default, ctx.Stdin))
            {
                var name = stem;
                for (var i = 2; !names.Add(name); i++)
                {
                    name = $"{stem}#{i}";
                }

                ctx.Report(host.Warnings);
                if (host.Arm64 is not null)
                {
                    reports.Add((name, () => Arm64HostReport.ToJson(host), () => Arm64HostReport.ToText(host)));
                }
                else
                {
                    var report = HostReport.Create(host, options);
                    reports.Add((name, () => report.ToJson(db, JsonShapes.Feature), () => report.ToText(db)));
                }
            }
        }

        if (ctx.Json)
        {
            ctx.WriteJson(new JsonArray(reports.Select(r =>
            {
                var json = new JsonObject { ["host"] = r.Name };
                foreach (var (key, value) in r.Json().ToList())
                {
                    json[key] = value?.DeepClone();
                }

                return (JsonNode)json;
            }).ToArray()));
            return ExitCode.Success;
        }

        for (var i = 0; i < reports.Count; i++)
        {
            if (i > 0)
            {
                ctx.Stdout.WriteLine();
            }

            ctx.Stdout.WriteLine($"host:      {ctx.Out.Bold(reports[i].Name)}");
            ctx.Stdout.Write(reports[i].Text());
        }

        return ExitCode.Success;
    }
}
