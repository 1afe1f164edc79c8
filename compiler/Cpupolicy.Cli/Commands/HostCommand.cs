using System.CommandLine;
using System.Text.Json.Nodes;
using Cpupolicy.Cli.Infrastructure;
using Cpupolicy.Cli.Output;
using Cpupolicy.Compiler.Analyses;
using Cpupolicy.Core.Database;

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
        var read = HostReports.Read(paths, options, ctx.Stdin, ctx.Report);
        if (read.Single)
        {
            if (ctx.Json)
            {
                ctx.WriteJson(Json(read.Hosts[0]));
            }
            else
            {
                ctx.Stdout.Write(Text(read.Hosts[0]));
            }

            return ExitCode.Success;
        }

        if (ctx.Json)
        {
            ctx.WriteJson(new JsonArray(read.Hosts.Select(h =>
            {
                var json = new JsonObject { ["host"] = h.Name };
                foreach (var (key, value) in Json(h).ToList())
                {
                    json[key] = value?.DeepClone();
                }

                return (JsonNode)json;
            }).ToArray()));
            return ExitCode.Success;
        }

        for (var i = 0; i < read.Hosts.Count; i++)
        {
            if (i > 0)
            {
                ctx.Stdout.WriteLine();
            }

            ctx.Stdout.WriteLine($"host:      {ctx.Out.Bold(read.Hosts[i].Name)}");
            ctx.Stdout.Write(Text(read.Hosts[i]));
        }

        return ExitCode.Success;
    }

    /// <summary>A host's report: the x86 one, or the aarch64 one (ID-register fields, hwcaps).</summary>
    private static JsonObject Json(NamedHostReport host) =>
        host.Report is { } report ? report.ToJson(FeatureDatabase.Default, JsonShapes.Feature) : Arm64HostReport.ToJson(host.Host);

    private static string Text(NamedHostReport host) =>
        host.Report is { } report ? report.ToText(FeatureDatabase.Default) : Arm64HostReport.ToText(host.Host);
}
