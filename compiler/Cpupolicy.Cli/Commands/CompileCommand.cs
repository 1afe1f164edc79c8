using Cpupolicy.Compiler.Output;
using Cpupolicy.Compiler;
using Cpupolicy.Core.Bundle;
using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Cpupolicy.Cli.Infrastructure;
using Cpupolicy.Cli.Output;
using Cpupolicy.Compiler.Backends;
using Cpupolicy.Core.Backends;
using Cpupolicy.Core.Database;
using Cpupolicy.Compiler.Emit;
using Spectre.Console;

namespace Cpupolicy.Cli.Commands;

/// <summary><c>cpupolicy compile POLICY [--target T]... [--out DIR]</c>: check, then write every artifact and bundle.json.</summary>
public static class CompileCommand
{
    public static Command Build(GlobalOptions globals, CliIo io)
    {
        var policy = new Argument<string>("POLICY") { Description = "The policy file (*.cpupolicy), or - for stdin" };
        var targets = new Option<string[]>("--target")
        {
            Description = $"Only these backends ({string.Join(", ", BackendRegistry.Default.All.Select(b => b.Name))}); default: the policy's targets, or all",
            AllowMultipleArgumentsPerToken = false,
        };
        var outDir = new Option<string>("--out") { Description = "Output directory", DefaultValueFactory = _ => "out" };
        var mode = new Option<string>("--mode") { Description = "Hook mode stored in bundle.json: enforce or advise", DefaultValueFactory = _ => "enforce" };
        mode.AcceptOnlyFromAmong([.. HookSettings.Modes]);
        var onError = new Option<string>("--on-error") { Description = "Hook failure mode stored in bundle.json: allow or refuse", DefaultValueFactory = _ => "allow" };
        onError.AcceptOnlyFromAmong([.. HookSettings.OnErrorValues]);
        var command = new Command("compile", "Check a policy and write each profile's artifact for each target, plus bundle.json for the hooks")
        {
            policy, targets, outDir, mode, onError,
        };
        command.SetAction(parse => CommandRunner.Run(io, parse, globals.Json, (ctx, p) => Execute(
            ctx,
            p.GetValue(policy)!,
            p.GetValue(targets) ?? [],
            p.GetValue(outDir)!,
            new HookSettings(p.GetValue(mode)!, p.GetValue(onError)!))));
        return command;
    }

    private static int Execute(CommandContext ctx, string policyPath, string[] targets, string outDir, HookSettings settings)
    {
        foreach (var t in targets.Where(t => BackendRegistry.Default.Find(t) is null))
        {
            throw new UsageException($"unknown --target `{t}`: use {string.Join(", ", BackendRegistry.Default.All.Select(b => b.Name))}");
        }

        var text = Core.IO.InputFile.ReadText(policyPath, ctx.Stdin);
        var displayPath = policyPath == "-" ? "<stdin>" : policyPath;
        var result = Compilation.Compile(text, displayPath, targets);
        ctx.Report(result.Diagnostics);
        if (result.HasErrors)
        {
            if (ctx.Json)
            {
                ctx.WriteJson(ToJson(result));
            }

            return ExitCode.InputError;
        }

        var written = OutputWriter.Write(result, outDir, displayPath, settings);
        if (ctx.Json)
        {
            var json = ToJson(result);
            json["files"] = JsonShapes.Array(written);
            ctx.WriteJson(json);
            return ExitCode.Success;
        }

        var table = new Table().AddColumns("profile", "vendor", "features", "hosts", "artifacts");
        foreach (var p in result.Profiles)
        {
            table.AddRow(
                Markup.Escape(p.Profile.Name),
                p.Profile.Vendor == CpuVendor.Unknown ? "-" : p.Profile.Vendor.Keyword(),
                p.Profile.Features.Count.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(p.Profile.Hosts.Count == 0 ? "-" : string.Join(", ", p.Profile.Hosts)),
                Markup.Escape(string.Join(", ", p.Artifacts.Select(a => a.Backend))));
        }

        ctx.Console.Write(table);
        foreach (var path in written)
        {
            ctx.Stdout.WriteLine($"wrote {path}");
        }

        return ExitCode.Success;
    }

    private static JsonObject ToJson(Compilation result)
    {
        var db = FeatureDatabase.Default;
        var profiles = new JsonArray();
        foreach (var p in result.Profiles)
        {
            profiles.Add((JsonNode)new JsonObject
            {
                ["name"] = p.Profile.Name,
                ["vendor"] = p.Profile.Vendor == CpuVendor.Unknown ? null : p.Profile.Vendor.Keyword(),
                ["hosts"] = JsonShapes.Array(p.Profile.Hosts),
                ["features"] = JsonShapes.Features(db, p.Profile.Features),
                ["artifacts"] = BundleWriter.Artifacts(p),
            });
        }

        return new JsonObject
        {
            ["profiles"] = profiles,
            ["vms"] = BundleWriter.VmRules(BundleBuilder.VmRules(result)),
            ["default"] = result.Lowered?.Default?.ProfileName,
            ["diagnostics"] = new JsonArray(result.Diagnostics.Select(d => (JsonNode)JsonShapes.Diagnostic(d)).ToArray()),
        };
    }
}
