using System.CommandLine;
using System.Text.Json.Nodes;
using Cpupolicy.Cli.Infrastructure;
using Cpupolicy.Cli.Output;
using Cpupolicy.Compiler.PolicyTests;
using Cpupolicy.Core.Database;

namespace Cpupolicy.Cli.Commands;

/// <summary>
/// <c>cpupolicy test POLICY...</c>: run each policy's test file (<c>NAME.test.yaml</c> beside <c>NAME.cpupolicy</c>);
/// exit 0 when every assertion holds, 1 when one fails (each explained, missing features in every backend's spelling)
/// or an input is wrong.
/// </summary>
public static class TestCommand
{
    public static Command Build(GlobalOptions globals, CliIo io)
    {
        var files = new Argument<string[]>("POLICY")
        {
            Description = "Policies to test (NAME.cpupolicy, whose tests are NAME.test.yaml beside it), or the test files themselves",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("test", "Run policy tests: VMs can live-migrate to a pool, a profile keeps or lacks features, a new host changes nothing") { files };
        command.SetAction(parse => CommandRunner.Run(io, parse, globals.Json, (ctx, p) => Execute(ctx, p.GetValue(files)!)));
        return command;
    }

    private static int Execute(CommandContext ctx, string[] files)
    {
        var exit = ExitCode.Success;
        var report = new JsonArray();
        int passed = 0, failed = 0;
        foreach (var file in files)
        {
            var run = PolicyTestSuite.Run(file);
            var (policyPath, testPath, diagnostics, outcomes) = (run.PolicyPath, run.TestPath, run.Diagnostics, run.Outcomes);
            var entry = new JsonObject { ["policy"] = policyPath, ["tests_file"] = testPath };
            report.Add((JsonNode)entry);
            ctx.Report(diagnostics);
            passed += outcomes.Count(o => o.Passed);
            failed += outcomes.Count(o => !o.Passed);
            if (!run.Ok)
            {
                exit = ExitCode.InputError;
            }

            entry["ok"] = run.Ok;
            entry["diagnostics"] = new JsonArray(diagnostics.Select(d => (JsonNode)JsonShapes.Diagnostic(d)).ToArray());
            entry["tests"] = new JsonArray(outcomes.Select(o => (JsonNode)Json(o)).ToArray());
            if (!ctx.Json)
            {
                Print(ctx, testPath, outcomes);
            }
        }

        if (ctx.Json)
        {
            ctx.WriteJson(new JsonObject { ["ok"] = exit == ExitCode.Success, ["passed"] = passed, ["failed"] = failed, ["files"] = report });
        }
        else
        {
            ctx.Stdout.WriteLine($"{passed + failed} assertions: {passed} passed, {failed} failed");
        }

        return exit;
    }

    private static void Print(CommandContext ctx, string testPath, IReadOnlyList<PolicyTestOutcome> outcomes)
    {
        foreach (var o in outcomes)
        {
            var where = o.Assertion.Span;
            ctx.Stdout.WriteLine($"{(o.Passed ? ctx.Out.Good("PASS") : ctx.Out.Bad("FAIL"))}  {testPath}:{where.Line}: {o.Assertion.Name}");
            foreach (var reason in o.Reasons)
            {
                ctx.Stdout.WriteLine($"      {reason}");
            }

            foreach (var f in o.Features)
            {
                ctx.Stdout.WriteLine($"      - {f.Name} ({f.Location}): {Spellings(f)}");
            }
        }
    }

    /// <summary>A feature's name in every backend, for a reviewer who knows only one of them.</summary>
    private static string Spellings(FeatureDefinition f) =>
        $"xen {f.Spellings.XenFor(JsonShapes.DefaultXenRelease) ?? "-"}, qemu {f.Spellings.Qemu ?? "-"}, libvirt {f.Spellings.Libvirt ?? "-"}, linux {f.Spellings.Linux ?? "-"}";

    private static JsonObject Json(PolicyTestOutcome o) => new()
    {
        ["name"] = o.Assertion.Name,
        ["line"] = o.Assertion.Span.Line,
        ["passed"] = o.Passed,
        ["reasons"] = JsonShapes.Array(o.Reasons),
        ["features"] = new JsonArray(o.Features.Select(f => (JsonNode)JsonShapes.Feature(f)).ToArray()),
    };
}
