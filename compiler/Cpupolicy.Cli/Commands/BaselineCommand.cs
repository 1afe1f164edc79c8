using System.CommandLine;
using System.Text.Json.Nodes;
using Cpupolicy.Cli.Infrastructure;
using Cpupolicy.Cli.Output;
using Cpupolicy.Compiler.Analyses;
using Cpupolicy.Compiler.Emit;
using Cpupolicy.Compiler.Backends;
using Cpupolicy.Core.Backends;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Ir;
using Cpupolicy.Core.Diagnostics;
using Spectre.Console;

namespace Cpupolicy.Cli.Commands;

/// <summary>
/// <c>cpupolicy baseline FILE... [--target T]...</c>: the lowest common denominator of some hosts (what all of them
/// offer a guest), the best named model of each catalog for it, and each target's artifact. Mixed vendors get the
/// common features and a statement that live migration across vendors is not possible.
/// </summary>
public static class BaselineCommand
{
    private static readonly Dictionary<string, string> Catalogs = new(StringComparer.OrdinalIgnoreCase)
    {
        ["libvirt-11.3.0"] = ModelDatabase.Libvirt11,
        ["libvirt-9.0.0"] = ModelDatabase.Libvirt9,
        ["qemu"] = ModelDatabase.Qemu,
    };

    public static Command Build(GlobalOptions globals, CliIo io)
    {
        var files = new Argument<string[]>("FILE")
        {
            Description = "Host inventory files (cpuid -r, libvirt CPU data, virsh capabilities, /proc/cpuinfo, Xen featureset, KubeVirt node, probe output); - for stdin",
            Arity = ArgumentArity.OneOrMore,
        };
        var targets = new Option<string[]>("--target")
        {
            Description = $"Emit the baseline's artifact for these backends ({string.Join(", ", BackendRegistry.Default.Names)}); default: all",
            AllowMultipleArgumentsPerToken = false,
        };
        var catalog = new Option<string>("--catalog")
        {
            Description = "The catalog of model_name: libvirt-11.3.0, libvirt-9.0.0 or qemu (every catalog is under \"models\")",
            DefaultValueFactory = _ => "libvirt-11.3.0",
        };
        catalog.AcceptOnlyFromAmong([.. Catalogs.Keys]);
        var command = new Command("baseline", "The lowest common denominator of the hosts, the best named model they can all run, and each target's artifact")
        {
            files, targets, catalog,
        };
        command.SetAction(parse => CommandRunner.Run(io, parse, globals.Json, (ctx, p) =>
            Execute(ctx, p.GetValue(files) ?? [], p.GetValue(targets) ?? [], Catalogs[p.GetValue(catalog)!])));
        return command;
    }

    private static int Execute(CommandContext ctx, string[] files, string[] targets, string catalog)
    {
        var registry = BackendRegistry.Default;
        foreach (var t in targets.Where(t => registry.Find(t) is null))
        {
            throw new UsageException($"unknown --target `{t}`: use {string.Join(", ", registry.Names)}");
        }

        var models = ModelDatabase.Default;
        var db = models.FeatureDb;
        var hosts = FleetHost.Read(files, ctx.Stdin, db, models);
        // One CP1003 for all aarch64 files: every Kunpeng /proc/cpuinfo names `evtstrm` and `cpuid`.
        ctx.Report(Arm64Fleet.MergeIgnoredHwcaps(hosts.SelectMany(h => h.Inventory.Warnings).ToList()));
        Arm64Fleet.RequireOneArch(hosts.Select(h => h.Inventory).ToList());
        if (hosts.All(h => h.Inventory.Arm64 is not null))
        {
            return WriteArm64(ctx, hosts);
        }

        var baseline = FleetBaselineCalculator.Compute(hosts, catalog, models);
        if (baseline.MixedVendors)
        {
            ctx.Report(DiagnosticCatalog.MixedVendorBaseline.Create(
                SourceSpan.WholeFile(files[0]),
                $"the hosts are {string.Join(" and ", baseline.Vendors.Select(v => v.LibvirtName()))}: " + FleetBaseline.CrossVendorStatement,
                "keep one pool per vendor, and move VMs between vendors only with a full shutdown and start"));
        }

        var artifacts = ArtifactEmitter.EmitEach(
            baseline.Profile,
            registry.All.Where(b => targets.Length == 0 || targets.Contains(b.Name, StringComparer.Ordinal)),
            (backend, e) => ctx.Report(DiagnosticCatalog.BaselineTargetFailed.Create(e.Diagnostic.Span, $"no {backend.Name} artifact for the baseline: {e.Diagnostic.Message}", e.Diagnostic.Hint)));

        if (ctx.Json)
        {
            ctx.WriteJson(ToJson(baseline, artifacts, db));
        }
        else
        {
            WriteText(ctx, baseline, artifacts, db);
        }

        return ExitCode.Success;
    }

    /// <summary>aarch64 hosts: the field-wise minimum, as hwcaps and field levels (no backend artifact yet).</summary>
    private static int WriteArm64(CommandContext ctx, IReadOnlyList<FleetHost> hosts)
    {
        var levels = Arm64Fleet.Baseline(hosts.Select(h => h.Inventory.Arm64!).ToList());
        var features = levels.Database.Expand(levels.Features).Select(f => f.Name).ToList();
        if (ctx.Json)
        {
            ctx.WriteJson(new JsonObject
            {
                ["arch"] = "aarch64",
                ["hosts"] = new JsonArray(hosts.Select(h => (JsonNode)JsonValue.Create(h.Name)!).ToArray()),
                ["features"] = new JsonArray(features.Select(f => (JsonNode)JsonValue.Create(f)!).ToArray()),
                ["levels"] = new JsonObject(levels.Present.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value)))),
            });
        }
        else
        {
            ctx.Stdout.Write($"hosts:    {string.Join(", ", hosts.Select(h => h.Name))} (aarch64)\n");
            ctx.Stdout.Write($"features: {string.Join(' ', features)}\n");
            ctx.Stdout.Write("(the field-wise minimum of the hosts' ID-register levels)\n");
        }

        return ExitCode.Success;
    }

    private static JsonObject ToJson(FleetBaseline baseline, IReadOnlyDictionary<string, string?> artifacts, FeatureDatabase db)
    {
        var models = new JsonObject();
        foreach (var fit in baseline.Models)
        {
            models[fit.Catalog] = new JsonObject
            {
                ["model_name"] = fit.Model.Name,
                ["extra"] = JsonShapes.Names(db, fit.Extra),
                ["missing"] = JsonShapes.Names(db, fit.Missing),
            };
        }

        var artifactJson = new JsonObject();
        foreach (var (backend, text) in artifacts)
        {
            artifactJson[backend] = text;
        }

        return new JsonObject
        {
            ["hosts"] = new JsonArray(baseline.Hosts.Select(h => (JsonNode)new JsonObject
            {
                ["name"] = h.Name,
                ["source"] = h.Inventory.SourcePath,
                ["vendor"] = h.Inventory.VendorString,
                ["family"] = h.Inventory.Family,
                ["model"] = h.Inventory.Model,
                ["stepping"] = h.Inventory.Stepping,
            }).ToArray()),
            ["vendor"] = baseline.Vendor == CpuVendor.Unknown ? null : baseline.Vendor.CpuidString(),
            ["vendors"] = JsonShapes.Array(baseline.Vendors.Select(v => v.CpuidString())),
            ["mixed_vendors"] = baseline.MixedVendors,
            ["cross_vendor"] = baseline.MixedVendors ? FleetBaseline.CrossVendorStatement : null,
            ["features"] = JsonShapes.Features(db, baseline.Features),
            ["model_name"] = baseline.Model?.Model.Name,
            ["catalog"] = baseline.Catalog,
            ["extra"] = JsonShapes.Names(db, baseline.Model?.Extra ?? FeatureSet.Empty),
            ["missing"] = JsonShapes.Names(db, baseline.Model?.Missing ?? FeatureSet.Empty),
            ["models"] = models,
            ["max_only"] = JsonShapes.Names(db, baseline.Capability - baseline.Features),
            ["artifacts"] = artifactJson,
        };
    }

    private static void WriteText(CommandContext ctx, FleetBaseline baseline, IReadOnlyDictionary<string, string?> artifacts, FeatureDatabase db)
    {
        var hosts = new Table().AddColumns("host", "vendor", "family/model/stepping", "source");
        foreach (var h in baseline.Hosts)
        {
            hosts.AddRow(
                Markup.Escape(h.Name),
                h.Vendor == CpuVendor.Unknown ? "?" : h.Vendor.LibvirtName(),
                $"{h.Inventory.Family?.ToString() ?? "?"}/{h.Inventory.Model?.ToString() ?? "?"}/{h.Inventory.Stepping?.ToString() ?? "?"}",
                Markup.Escape(h.Inventory.SourcePath));
        }

        ctx.Console.Write(hosts);
        if (baseline.MixedVendors)
        {
            ctx.Stdout.WriteLine($"vendors:   {string.Join(", ", baseline.Vendors.Select(v => v.LibvirtName()))}");
            ctx.Stdout.WriteLine($"note:      {FleetBaseline.CrossVendorStatement}");
        }

        ctx.Stdout.WriteLine($"features:  {baseline.Features.Count} shared by every host: {string.Join(' ', db.Expand(baseline.Features).Select(f => f.Name))}");
        foreach (var fit in baseline.Models)
        {
            var extra = fit.Extra.IsEmpty ? string.Empty : " +" + string.Join(" +", db.Expand(fit.Extra).Select(f => f.Name));
            var missing = fit.Missing.IsEmpty ? string.Empty : " -" + string.Join(" -", db.Expand(fit.Missing).Select(f => f.Name));
            ctx.Stdout.WriteLine($"model:     {fit.Model.Name} ({fit.Catalog}){extra}{missing}");
        }

        foreach (var (backend, text) in artifacts)
        {
            ctx.Stdout.WriteLine();
            ctx.Stdout.WriteLine($"--- {backend} ---");
            ctx.Stdout.Write(text is null ? "(none: see the warning above)\n" : text.EndsWith('\n') ? text : text + "\n");
        }
    }
}
