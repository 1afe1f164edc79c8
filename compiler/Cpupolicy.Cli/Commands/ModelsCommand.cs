using System.CommandLine;
using System.Text.Json.Nodes;
using Cpupolicy.Cli.Infrastructure;
using Cpupolicy.Cli.Output;
using Cpupolicy.Core.Database;
using Spectre.Console;

namespace Cpupolicy.Cli.Commands;

/// <summary><c>cpupolicy models</c>: the named CPU models of QEMU, libvirt and the psABI, with their features.</summary>
public static class ModelsCommand
{
    public static Command Build(GlobalOptions globals, CliIo io)
    {
        var source = new Option<string?>("--source") { Description = "Only models of this source: qemu, libvirt or psabi" };
        var command = new Command("models", "List the named CPU models (QEMU 7.2, libvirt 9.0.0 and 11.3.0 maps, x86-64 psABI levels)")
        {
            source,
        };
        command.SetAction(parse => CommandRunner.Run(io, parse, globals.Json, (ctx, p) => Execute(ctx, p.GetValue(source))));
        return command;
    }

    private static int Execute(CommandContext ctx, string? source)
    {
        var db = ModelDatabase.Default;
        var models = db.Models.AsEnumerable();
        if (source is not null)
        {
            if (!Enum.TryParse<ModelSource>(source, ignoreCase: true, out var wanted))
            {
                throw new UsageException($"unknown --source `{source}`: use qemu, libvirt or psabi");
            }

            models = models.Where(m => m.Source == wanted);
        }

        var list = models.ToList();
        if (ctx.Json)
        {
            ctx.WriteJson(new JsonObject
            {
                ["models"] = new JsonArray(list.Select(m => (JsonNode)ModelJson(m, db)).ToArray()),
            });
            return ExitCode.Success;
        }

        var table = new Table().AddColumns("model", "source", "release", "vendor", "alias of", "features");
        foreach (var m in list)
        {
            table.AddRow(
                Markup.Escape(m.Name),
                m.Source.ToString().ToLowerInvariant(),
                m.Release,
                m.Vendor == CpuVendor.Unknown ? "-" : m.Vendor.Keyword(),
                Markup.Escape(m.AliasOf ?? "-"),
                m.Features.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        ctx.Console.Write(table);
        return ExitCode.Success;
    }

    private static JsonObject ModelJson(CpuModel m, ModelDatabase db) => new()
    {
        ["name"] = m.Name,
        ["source"] = m.Source.ToString().ToLowerInvariant(),
        ["release"] = m.Release,
        ["vendor"] = m.Vendor == CpuVendor.Unknown ? null : m.Vendor.Keyword(),
        ["alias_of"] = m.AliasOf,
        ["features"] = JsonShapes.Names(db.FeatureDb, m.Features),
    };
}
