using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Cpupolicy.Cli.Infrastructure;
using Cpupolicy.Cli.Output;
using Cpupolicy.Compiler.Audit;
using Cpupolicy.Compiler.Services;
using Cpupolicy.Core.Database;
using Spectre.Console;

namespace Cpupolicy.Cli.Commands;

/// <summary>
/// <c>cpupolicy audit BINARY... [--policy P --profile NAME]</c>: which CPUID features a guest program's code uses, and
/// which x86-64 level it declares; against a profile, what the binary needs that the profile lacks. Exit 3 only for a
/// declared requirement the profile lacks (the program will not start); code that merely contains an instruction is
/// usually behind a CPUID check, so that is a warning.
/// </summary>
public static class AuditCommand
{
    public static Command Build(GlobalOptions globals, CliIo io)
    {
        var binaries = new Argument<string[]>("BINARY")
        {
            Description = "ELF executables, shared libraries or object files (x86-64, i386); a directory is searched for ELF files",
            Arity = ArgumentArity.OneOrMore,
        };
        var policy = new Option<string>("--policy") { Description = "A policy file; with --profile, report what each binary needs that the profile lacks" };
        var profile = new Option<string>("--profile") { Description = "The profile of --policy to check the binaries against" };
        var command = new Command("audit", "The CPUID features an x86 ELF binary's code uses and the x86-64 level it declares; with a profile, what it lacks")
        {
            binaries, policy, profile,
        };
        command.SetAction(parse => CommandRunner.Run(io, parse, globals.Json, (ctx, p) =>
            Execute(ctx, p.GetValue(binaries) ?? [], p.GetValue(policy), p.GetValue(profile))));
        return command;
    }

    private static int Execute(CommandContext ctx, string[] paths, string? policyPath, string? profileName)
    {
        if ((policyPath is null) != (profileName is null))
        {
            throw new UsageException("--policy and --profile go together: give both, or neither");
        }

        var db = FeatureDatabase.Default;
        var outcome = AuditService.Run(paths, policyPath, profileName);
        ctx.Report(outcome.PolicyDiagnostics);
        if (outcome.PolicyFailed)
        {
            return ExitCode.InputError;
        }

        // Errors, warnings and the verdict's reasons go to stderr as diagnostics, in JSON mode too.
        var binaries = outcome.Binaries;
        foreach (var binary in binaries)
        {
            ctx.Report(binary.Diagnostics);
        }

        var (audits, fits) = (binaries.Select(b => b.Audit).ToList(), binaries.Select(b => b.Fit).ToList());
        if (ctx.Json)
        {
            ctx.WriteJson(ToJson(audits, fits, outcome.Profile, db));
        }
        else
        {
            foreach (var (audit, fit) in audits.Zip(fits))
            {
                WriteText(ctx, audit, fit, outcome.Profile, db);
            }
        }

        if (audits.Any(a => a.FailedInternally))
        {
            return ExitCode.InternalFailure;
        }

        if (fits.Any(f => f is { Compatible: false }))
        {
            return ExitCode.Incompatible;
        }

        return audits.Any(a => a.Failed) ? ExitCode.InputError : ExitCode.Success;
    }

    private static JsonObject ToJson(IReadOnlyList<BinaryAudit> audits, IReadOnlyList<ProfileFit?> fits, string? profile, FeatureDatabase db)
    {
        var files = new JsonArray();
        foreach (var (audit, fit) in audits.Zip(fits))
        {
            files.Add((JsonNode)FileJson(audit, fit, db));
        }

        var document = new JsonObject { ["files"] = files };
        if (profile is not null)
        {
            document["profile"] = profile;
            document["compatible"] = fits.All(f => f is null || f.Compatible);
        }

        return document;
    }

    private static JsonObject FileJson(BinaryAudit audit, ProfileFit? fit, FeatureDatabase db)
    {
        var o = new JsonObject
        {
            ["path"] = audit.Path,
            ["error"] = audit.Error?.Message,
            ["error_code"] = audit.Error?.Code,
            ["machine"] = audit.Machine,
            ["type"] = audit.FileType,
            ["isa_level"] = audit.Declaration.Level,
            ["declared"] = JsonShapes.Features(db, audit.Declaration.Features),
            ["isa_level_used"] = audit.Declaration.UsedLevel,
            ["used_note"] = JsonShapes.Names(db, audit.Declaration.UsedFeatures),
        };
        var features = new JsonArray();
        foreach (var use in audit.Code.Features)
        {
            var f = JsonShapes.Feature(use.Feature);
            f["count"] = use.Count;
            f["first_address"] = Hex(use.FirstAddress);
            f["first_section"] = use.FirstSection;
            f["declared"] = audit.Declaration.Features.Contains(use.Feature);
            features.Add((JsonNode)f);
        }

        o["features"] = features;
        var unnamed = new JsonArray();
        foreach (var use in audit.Code.Unnamed)
        {
            unnamed.Add((JsonNode)new JsonObject
            {
                ["iced_name"] = use.IcedName,
                ["count"] = use.Count,
                ["first_address"] = Hex(use.FirstAddress),
                ["first_section"] = use.FirstSection,
            });
        }

        o["unnamed"] = unnamed;
        o["instructions"] = audit.Code.Instructions;
        o["invalid_instructions"] = audit.Code.InvalidInstructions;
        o["code_bytes"] = audit.Code.CodeBytes;
        o["warnings"] = new JsonArray(audit.Warnings.Select(w => (JsonNode)JsonShapes.Diagnostic(w)).ToArray());
        if (fit is not null)
        {
            o["missing"] = JsonShapes.Features(db, fit.Missing);
            o["lacking"] = JsonShapes.Features(db, fit.Lacking);
            o["compatible"] = fit.Compatible;
        }

        return o;
    }

    /// <summary>Addresses as hex strings: a 64-bit address does not survive a JSON number in every reader.</summary>
    private static string Hex(ulong address) => "0x" + address.ToString("x", CultureInfo.InvariantCulture);

    private static void WriteText(CommandContext ctx, BinaryAudit audit, ProfileFit? fit, string? profile, FeatureDatabase db)
    {
        if (audit.Error is { } error)
        {
            ctx.Stdout.WriteLine($"{audit.Path}: not audited: {error.Message}");
            return;
        }

        var code = audit.Code;
        var level = audit.Declaration.Level is { } l ? $"declares {l}" : "declares no x86-64 level";
        var used = audit.Declaration.UsedLevel is { } u ? $" (assembler note: {u} used)" : string.Empty;
        ctx.Stdout.WriteLine(
            $"{audit.Path}: {audit.Machine} {audit.FileType}, {level}{used}; " +
            $"{code.Instructions.ToString("N0", CultureInfo.InvariantCulture)} instructions in " +
            $"{code.CodeBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes of code");
        if (code.Features.Count == 0 && code.Unnamed.Count == 0)
        {
            ctx.Stdout.WriteLine("  no instruction needs a CPUID feature");
        }
        else
        {
            var table = new Table().AddColumns("feature", "location", "instructions", "first address", "section", "declared");
            foreach (var use in code.Features)
            {
                table.AddRow(
                    Markup.Escape(use.Feature.Name),
                    Markup.Escape(use.Feature.Location.ToString()),
                    use.Count.ToString(CultureInfo.InvariantCulture),
                    Hex(use.FirstAddress),
                    Markup.Escape(use.FirstSection),
                    audit.Declaration.Features.Contains(use.Feature) ? "yes" : "-");
            }

            foreach (var use in code.Unnamed)
            {
                table.AddRow(
                    Markup.Escape(use.IcedName),
                    "not in the database",
                    use.Count.ToString(CultureInfo.InvariantCulture),
                    Hex(use.FirstAddress),
                    Markup.Escape(use.FirstSection),
                    "-");
            }

            ctx.Console.Write(table);
        }

        if (fit is null)
        {
            return;
        }

        if (!fit.Missing.IsEmpty)
        {
            ctx.Stdout.WriteLine($"  missing from profile `{profile}` (declared; the program will not start): {string.Join(", ", db.Expand(fit.Missing).Select(f => f.Name))}");
        }

        if (!fit.Lacking.IsEmpty)
        {
            ctx.Stdout.WriteLine($"  lacking in profile `{profile}` (used behind a CPUID check, probably): {string.Join(", ", db.Expand(fit.Lacking).Select(f => f.Name))}");
        }

        ctx.Stdout.WriteLine(fit.Compatible
            ? $"  {ctx.Out.Good("compatible")} with profile `{ctx.Out.Bold(profile ?? string.Empty)}`"
            : $"  {ctx.Out.Bad("incompatible")} with profile `{ctx.Out.Bold(profile ?? string.Empty)}`");
    }
}
