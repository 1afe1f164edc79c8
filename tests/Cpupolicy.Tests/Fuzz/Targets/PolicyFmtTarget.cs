using Cpupolicy.Policy.Formatting;
using Cpupolicy.Policy.Parsing;
using Cpupolicy.Policy.Syntax;
using Cpupolicy.Tests.Fuzz.Harness;

namespace Cpupolicy.Tests.Fuzz.Targets;

/// <summary><c>cpupolicy fmt</c>'s formatter: idempotent, meaning-preserving, never throws.</summary>
public sealed class PolicyFmtTarget : FuzzTarget
{
    private const string Path = "fmt.cpupolicy";

    public override string Name => "policy-fmt";

    public override string Component => "policy/Cpupolicy.Policy/Formatting/PolicyFormatter.Format";

    public override string Property =>
        "no exception; text only when no error; fmt(fmt(x)) == fmt(x); parse(fmt(x)) == parse(x) modulo spans";

    public override string CorpusName => "policy-parse";

    public override IReadOnlyList<string> Tokens => [.. FuzzTokens.Policy, .. FuzzTokens.Features.Take(40)];

    public override bool HasGenerator => true;

    public override IEnumerable<string> ExternalSeeds(FuzzPaths paths) => PolicySeeds.Files(paths);

    public override byte[]? Generate(int seed) => Bytes(PolicyGen.Sample(PolicyGen.Syntax, seed));

    public override string Execute(byte[] input)
    {
        var text = Text(input);
        var once = PolicyFormatter.Format(text, Path);
        if (once.Text is null)
        {
            if (!once.Diagnostics.Any(d => d.IsError))
            {
                throw Violation("the formatter refused a file without reporting an error");
            }

            return "refused:" + Outcome.Of(once.Diagnostics);
        }

        var twice = PolicyFormatter.Format(once.Text, Path);
        if (twice.Text != once.Text || twice.Changed)
        {
            throw Violation($"fmt is not idempotent\n--- once ---\n{once.Text}\n--- twice ---\n{twice.Text}");
        }

        var before = PolicyParser.Parse(text, Path).Tree;
        var after = PolicyParser.Parse(once.Text, Path).Tree;
        if (before is null || after is null || !SpanEraser.Erase(before).Equals(SpanEraser.Erase(after)))
        {
            throw Violation($"fmt changed what the policy says\n--- formatted ---\n{once.Text}");
        }

        return once.Changed ? "changed" : "unchanged";
    }
}
