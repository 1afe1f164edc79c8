using System.CommandLine;
using System.Text.Json.Nodes;
using Cpupolicy.Cli.Infrastructure;
using Cpupolicy.Cli.Output;
using Cpupolicy.Core.Backends.Nova;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Diagnostics;
using Spectre.Console;

namespace Cpupolicy.Cli.Commands;

/// <summary><c>cpupolicy features [--model M] [NAME...]</c>: the feature database, or one model's features.</summary>
public static class FeaturesCommand
{
    public static Command Build(GlobalOptions globals, CliIo io)
    {
        var model = new Option<string?>("--model") { Description = "Only the features of this named model (QEMU name first, then libvirt, psABI)" };
        var names = new Argument<string[]>("NAME") { Description = "Only these features (any backend's spelling)", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("features", "List the feature database: canonical names, backend spellings, CPUID coordinates, dependencies")
        {
            model,
            names,
        };
        command.SetAction(parse => CommandRunner.Run(io, parse, globals.Json, (ctx, p) => Execute(ctx, p.GetValue(model), p.GetValue(names) ?? [])));
        return command;
    }

    private static int Execute(CommandContext ctx, string? modelName, string[] names)
    {
        var db = FeatureDatabase.Default;
        var selected = db.All;
        if (modelName is not null)
        {
            var models = ModelDatabase.Default;
            var m = models.Find(modelName) ?? throw new DiagnosticException(DiagnosticCatalog.UnknownModelName.Create(
                SourceSpan.ForElement("<command line>", "--model"),
                $"no CPU model is named `{modelName}`",
                NameSuggester.DidYouMean(models.Suggest(modelName))));
            selected = models.Resolve(m).Features;
        }

        if (names.Length > 0)
        {
            var wanted = names.Select(n => db.Find(n) ?? throw new DiagnosticException(DiagnosticCatalog.UnknownFeatureName.Create(
                SourceSpan.ForElement("<command line>", n),
                $"no feature is named `{n}`",
                NameSuggester.DidYouMean(db.Suggest(n))))).ToList();
            selected = selected & FeatureSet.Of(wanted);
        }

        var features = db.Expand(selected).ToList();
        if (ctx.Json)
        {
            ctx.WriteJson(new JsonObject
            {
                ["features"] = new JsonArray(features.Select(f => (JsonNode)JsonShapes.FeatureDetailed(f, db)).ToArray()),
            });
            return ExitCode.Success;
        }

        var table = new Table().AddColumns("feature", "location", "qemu", "proxmox", "libvirt", "nova (trait)", "linux", $"xen {JsonShapes.DefaultXenRelease}", "requires");
        foreach (var f in features)
        {
            table.AddRow(
                Markup.Escape(f.Name),
                Markup.Escape(f.Location.ToString()),
                Markup.Escape(f.Spellings.Qemu ?? "-"),
                Markup.Escape(f.Spellings.Qemu is { } flag ? $"+{flag}" : "-"),
                Markup.Escape(f.Spellings.Libvirt ?? "-"),
                Markup.Escape(NovaSpelling(f)),
                Markup.Escape(f.Spellings.Linux ?? "-"),
                Markup.Escape(f.Spellings.XenFor(JsonShapes.DefaultXenRelease) ?? "-"),
                Markup.Escape(string.Join(' ', f.Requires)));
        }

        ctx.Console.Write(table);
        return ExitCode.Success;
    }

    /// <summary>The extra flag, with the flavor trait where Nova reports one: <c>+aes (HW_CPU_X86_AESNI)</c>.</summary>
    private static string NovaSpelling(FeatureDefinition f) =>
        NovaBackend.FlagSpelling(f) is not { } flag ? "-"
        : NovaBackend.TraitsOf(f) is { Count: > 0 } traits ? $"{flag} ({string.Join(", ", traits)})"
        : flag;
}
