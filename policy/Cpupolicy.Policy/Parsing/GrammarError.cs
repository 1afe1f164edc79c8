using Sprache;

namespace Cpupolicy.Policy.Parsing;

/// <summary>
/// A failure the grammar recovered from (a bad entry inside a <c>{ }</c> block): where, and what was expected.
/// It travels with the parsed statement as a value, and <see cref="SpracheAdapter"/> turns it into a diagnostic
/// exactly like a failure that stopped the statement.
/// </summary>
internal sealed record GrammarError(IInput At, IReadOnlyList<string> Expected)
{
    public static GrammarError From<T>(IResult<T> failure) => new(failure.Remainder, failure.Expectations.ToList());
}
