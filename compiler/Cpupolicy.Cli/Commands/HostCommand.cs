using System.CommandLine;
using Cpupolicy.Cli.Infrastructure;
using Cpupolicy.Cli.Output;
using Cpupolicy.Compiler.Analyses;
using Cpupolicy.Core.Database;
using Cpupolicy.Compiler.Inventory;

namespace Cpupolicy.Cli.Commands;

/// <summary><c>cpupolicy host FILE</c>: decode an inventory file and name the best model the host can run.</summary>
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
        var file = new Argument<string>("FILE")
        {
            Description = "An inventory file (cpuid -r, libvirt CPUID data, virsh capabilities, /proc/cpuinfo, Xen featureset, KubeVirt node, probe output), or - for stdin",
        };
        var catalog = new Option<string>("--catalog")
        {
            Description = "The model catalog the best model is picked from: libvirt-11.3.0, libvirt-9.0.0, qemu or psabi",
            DefaultValueFactory = _ => "libvirt-11.3.0",
        };
        catalog.AcceptOnlyFromAmong([.. Catalogs.Keys]);
        var command = new Command("host", "Decode a host inventory: vendor, family/model/stepping, features, best named model (+/- features)")
        {
            file, catalog,
        };
        command.SetAction(parse => CommandRunner.Run(io, parse, globals.Json, (ctx, p) =>
        {
            var host = InventoryReader.Read(p.GetValue(file)!, stdin: ctx.Stdin);
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

            var report = HostReport.Create(host, new HostReportOptions { Catalog = Catalogs[p.GetValue(catalog)!] });
            var db = FeatureDatabase.Default;
            if (ctx.Json)
            {
                ctx.WriteJson(report.ToJson(db, JsonShapes.Feature));
            }
            else
            {
                ctx.Stdout.Write(report.ToText(db));
            }

            return ExitCode.Success;
        }));
        return command;
    }
}
