using System.CommandLine;
using System.Text.Json.Nodes;
using Cpupolicy.Cli.Infrastructure;
using Cpupolicy.Cli.Output;
using Cpupolicy.Compiler.Analyses;
using Cpupolicy.Core.Database;
using Spectre.Console;

namespace Cpupolicy.Cli.Commands;

/// <summary>
/// <c>cpupolicy diff OLD NEW</c>: compare two policies, or two <c>compile</c> outputs (directories with bundle.json),
/// or one of each: per profile and per VM glob, the features gained and lost and the artifacts that change.
/// </summary>
public static class DiffCommand
{
    public static Command Build(GlobalOptions globals, CliIo io)
    {
        var oldPath = new Argument<string>("OLD") { Description = "A policy file, or a directory written by `cpupolicy compile` (or its bundle.json)" };
        var newPath = new Argument<string>("NEW") { Description = "Same, for the new side" };
        var command = new Command("diff", "Compare two policies or compiled outputs: per profile and VM glob, features gained and lost, artifacts that change")
        {
            oldPath, newPath,
        };
        command.SetAction(parse => CommandRunner.Run(io, parse, globals.Json, (ctx, p) => Execute(ctx, p.GetValue(oldPath)!, p.GetValue(newPath)!)));
        return command;
    }

    private static int Execute(CommandContext ctx, string oldPath, string newPath)
    {
        if (oldPath == "-" && newPath == "-")
        {
            throw new UsageException("only one of OLD and NEW can be read from stdin (-)");
        }

        var db = FeatureDatabase.Default;
        var old = PolicySnapshot.Load(oldPath, ctx.Stdin, db, ctx.Report);
        var @new = PolicySnapshot.Load(newPath, ctx.Stdin, db, ctx.Report);
        if (old is null || @new is null)
        {
            return ExitCode.InputError;
        }

        var diff = PolicyDiff.Compare(old, @new);
        if (ctx.Json)
        {
            ctx.WriteJson(new JsonObject
            {
                ["old"] = diff.Old,
                ["new"] = diff.New,
                ["changed"] = diff.Changed,
                ["profiles"] = new JsonArray(diff.Profiles.Select(p => (JsonNode)new JsonObject
                {
                    ["name"] = p.Name,
                    ["status"] = p.Status.ToString().ToLowerInvariant(),
                    ["arch"] = p.GainedArch,
                    ["gained"] = ArchFeatures.Json(p.GainedArch, p.Gained),
                    ["lost"] = ArchFeatures.Json(p.LostArch, p.Lost),
                    ["artifacts_changed"] = JsonShapes.Array(p.ArtifactsChanged),
                }).ToArray()),
                ["vms"] = new JsonArray(diff.Vms.Select(v => (JsonNode)new JsonObject
                {
                    ["glob"] = v.Glob,
                    ["status"] = v.Status.ToString().ToLowerInvariant(),
                    ["old_profile"] = v.OldProfile,
                    ["new_profile"] = v.NewProfile,
                    ["gained"] = ArchFeatures.Json(v.GainedArch, v.Gained),
                    ["lost"] = ArchFeatures.Json(v.LostArch, v.Lost),
                    ["artifacts_changed"] = JsonShapes.Array(v.ArtifactsChanged),
                }).ToArray()),
            });
            return ExitCode.Success;
        }

        ctx.Stdout.WriteLine($"old: {diff.Old}");
        ctx.Stdout.WriteLine($"new: {diff.New}");
        if (!diff.Changed)
        {
            ctx.Stdout.WriteLine("no difference in profiles, VM rules or artifacts");
            return ExitCode.Success;
        }

        var profiles = new Table().AddColumns("profile", "status", "gained", "lost", "artifacts that change");
        foreach (var p in diff.Profiles)
        {
            profiles.AddRow(Markup.Escape(p.Name), p.Status.ToString().ToLowerInvariant(), Names(p.GainedArch, p.Gained), Names(p.LostArch, p.Lost), Markup.Escape(string.Join(", ", p.ArtifactsChanged)));
        }

        ctx.Console.Write(profiles);
        var vms = new Table().AddColumns("VMs", "status", "profile", "gained", "lost", "artifacts that change");
        foreach (var v in diff.Vms)
        {
            vms.AddRow(
                Markup.Escape(v.Glob is null ? "(default)" : $"\"{v.Glob}\""),
                v.Status.ToString().ToLowerInvariant(),
                Markup.Escape(v.OldProfile == v.NewProfile ? v.NewProfile ?? "-" : $"{v.OldProfile ?? "-"} -> {v.NewProfile ?? "-"}"),
                Names(v.GainedArch, v.Gained),
                Names(v.LostArch, v.Lost),
                Markup.Escape(string.Join(", ", v.ArtifactsChanged)));
        }

        ctx.Console.Write(vms);
        return ExitCode.Success;
    }

    private static string Names(string arch, FeatureSet set) => Markup.Escape(string.Join(' ', ArchFeatures.Names(arch, set)));
}
