using Cpupolicy.Policy.Formatting;
using Cpupolicy.Policy.Parsing;
using Cpupolicy.Policy.Syntax;
using Cpupolicy.Tests.Fuzz.Harness;

namespace Cpupolicy.Tests.Fuzz.Targets;

/// <summary>The policy parser: never throws, and whatever parses prints back to the same tree.</summary>
public sealed class PolicyParseTarget : FuzzTarget
{
    private const string Path = "fuzz.cpupolicy";

    public override string Name => "policy-parse";

    public override string Component => "policy/Cpupolicy.Policy/Parsing/PolicyParser.Parse";

    public override string Property =>
        "no exception, no CP0001, every diagnostic names the file, a tree iff no error; parse(print(tree)) == tree modulo spans";

    public override IReadOnlyList<string> Tokens => [.. FuzzTokens.Policy, .. FuzzTokens.Features.Take(40), .. FuzzTokens.Models.Take(20)];

    public override bool HasGenerator => true;

    public override IEnumerable<string> ExternalSeeds(FuzzPaths paths) => PolicySeeds.Files(paths);

    public override byte[]? Generate(int seed) =>
        Bytes(seed % 2 == 0 ? PolicyGen.Sample(PolicyGen.Syntax, seed) : PolicyGen.Sample(PolicyGen.Compilable, seed));

    public override string Execute(byte[] input)
    {
        var result = PolicyParser.Parse(Text(input), Path);
        foreach (var d in result.Diagnostics)
        {
            Outcome.RequireNotInternal(d);
            Outcome.RequireNamesFile(d, Path);
        }

        var hasErrors = result.Diagnostics.Any(d => d.IsError);
        if ((result.Tree is null) != hasErrors)
        {
            throw Violation($"tree {(result.Tree is null ? "missing" : "present")} with {result.Diagnostics.Count} diagnostics");
        }

        if (result.Tree is not { } tree)
        {
            return Outcome.Of(result.Diagnostics[0]);
        }

        RoundTrip(tree);
        return "ok:" + string.Join(",", tree.Statements.Select(s => s.GetType().Name).Distinct().Order(StringComparer.Ordinal));
    }

    /// <summary>print(tree) parses back to tree (spans aside) and is already canonical.</summary>
    internal static void RoundTrip(PolicySyntax tree)
    {
        var printed = PolicyFormatter.Print(tree);
        var reparsed = PolicyParser.Parse(printed, Path);
        if (reparsed.Tree is null)
        {
            throw Violation($"the printed tree does not parse: {string.Join("; ", reparsed.Diagnostics)}\n--- printed ---\n{printed}");
        }

        if (!SpanEraser.Erase(tree).Equals(SpanEraser.Erase(reparsed.Tree)))
        {
            throw Violation($"parse(print(tree)) differs from tree\n--- printed ---\n{printed}");
        }

        var again = PolicyFormatter.Format(printed, Path);
        if (again.Changed || again.Text != printed)
        {
            throw Violation($"the printed tree is not canonical: formatting it changes it\n--- printed ---\n{printed}\n--- formatted ---\n{again.Text}");
        }
    }
}
