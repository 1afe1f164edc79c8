using Cpupolicy.Policy.Diagnostics;
using Cpupolicy.Policy.Parsing;
using Cpupolicy.Tests.Cli;

namespace Cpupolicy.Tests.Docs;

/// <summary>
/// Every <c>```cpupolicy</c> block of README.md and docs/*.md is a policy that compiles, as a file of
/// <c>policy/examples/</c> (so <c>"hosts/..."</c> paths work), with <c>cpupolicy compile --json</c>. Markers after
/// the language (docs/policy-language.md, "Examples in these documents"):
/// <list type="bullet">
/// <item><c>error=CP0108[,CP...]</c>: compilation fails, and the error codes are exactly these;</item>
/// <item><c>warning=CP0307[,CP...]</c>: compilation succeeds, and the warning codes are exactly these (without it,
/// an example must compile without warnings);</item>
/// <item><c>fragment</c>: not a whole policy; it is only parsed (and must parse cleanly, or with exactly the
/// <c>error=</c> codes);</item>
/// <item><c>file=NAME</c>: also written as <c>policy/examples/NAME</c> before any example runs, for <c>include</c>.</item>
/// </list>
/// </summary>
public sealed class DocPolicyExampleTests : IClassFixture<ScratchRepository>
{
    private static readonly HashSet<string> KnownMarkers = new(["error", "warning", "fragment", "file"], StringComparer.Ordinal);

    private readonly ScratchRepository scratch;

    public DocPolicyExampleTests(ScratchRepository scratch) => this.scratch = scratch;

    public static TheoryData<string> Examples { get; } = new(FencedBlock.All().Where(b => b.Language == "cpupolicy").Select(b => b.Where));

    [Fact]
    public void The_documents_have_policy_examples()
    {
        var count = FencedBlock.All().Count(b => b.Language == "cpupolicy");
        Assert.True(count >= 10, $"only {count} ```cpupolicy blocks in {string.Join(", ", FencedBlock.DocumentFiles)}");
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void A_policy_example_compiles_as_its_markers_say(string where)
    {
        var block = FencedBlock.All().Single(b => b.Where == where);
        var unknown = block.Markers.Keys.Where(k => !KnownMarkers.Contains(k)).ToList();
        Assert.True(unknown.Count == 0, $"{where}: unknown marker(s) {string.Join(", ", unknown)}; use {string.Join(", ", KnownMarkers)}");
        var errors = Codes(block, "error");
        var warnings = Codes(block, "warning");

        if (block.Markers.ContainsKey("fragment"))
        {
            var parsed = PolicyParser.Parse(block.Body, where);
            Assert.True(warnings.Count == 0, $"{where}: a fragment is only parsed, so it cannot state warnings");
            AssertCodes(where, errors, parsed.Diagnostics.Where(d => d.IsError), "syntax errors", block);
            return;
        }

        var path = Path.Combine(scratch.Examples, $"{block.File.Replace('/', '_')}-{block.Line}.cpupolicy");
        File.WriteAllText(path, block.Body);
        var output = Path.Combine(scratch.Root, "out", $"{block.File.Replace('/', '_')}-{block.Line}");
        var result = CliRunner.Run("compile", path, "--out", output, "--json");
        var diagnostics = result.Json.GetProperty("diagnostics").EnumerateArray()
            .Select(d => (Severity: d.GetProperty("severity").GetString(), Code: d.GetProperty("code").GetString()!))
            .ToList();
        Assert.True(
            result.ExitCode == (errors.Count > 0 ? 1 : 0),
            $"{where}: `cpupolicy compile` exited {result.ExitCode}, expected {(errors.Count > 0 ? 1 : 0)}\n{result.Stderr}");
        AssertCodes(where, errors, diagnostics.Where(d => d.Severity == "error").Select(d => d.Code), "errors", block, result.Stderr);
        AssertCodes(where, warnings, diagnostics.Where(d => d.Severity == "warning").Select(d => d.Code), "warnings", block, result.Stderr);
    }

    private static HashSet<string> Codes(FencedBlock block, string marker) =>
        block.Markers.TryGetValue(marker, out var value) && value is not null
            ? value.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal)
            : [];

    private static void AssertCodes(string where, HashSet<string> expected, IEnumerable<Diagnostic> actual, string what, FencedBlock block) =>
        AssertCodes(where, expected, actual.Select(d => d.Code), what, block, string.Join('\n', actual));

    private static void AssertCodes(string where, HashSet<string> expected, IEnumerable<string> actual, string what, FencedBlock block, string detail)
    {
        var codes = actual.ToHashSet(StringComparer.Ordinal);
        Assert.True(
            codes.SetEquals(expected),
            $"{where}: expected {what} [{string.Join(", ", expected.Order(StringComparer.Ordinal))}], got [{string.Join(", ", codes.Order(StringComparer.Ordinal))}]\n{detail}\n--- the example:\n{block.Body}");
    }
}
