using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Policy.Syntax;
using Sprache;

namespace Cpupolicy.Policy.Parsing;

/// <summary>
/// The one adapter between the parser library (Sprache) and the rest of cpupolicy: a cursor over the text that
/// reads one line-level item at a time with <see cref="PolicyGrammar"/>, and the one place where a Sprache failure
/// becomes a coded diagnostic (<see cref="ToDiagnostic"/>), so Sprache's own wording never reaches a user.
/// Nothing outside this class sees an <c>IInput</c> or <c>IResult</c>.
/// </summary>
internal sealed class SpracheAdapter
{
    private readonly SourceText source;
    private readonly PolicyGrammar grammar;
    private IInput input;

    public SpracheAdapter(SourceText source)
    {
        this.source = source;
        grammar = new PolicyGrammar(source);
        input = new PolicyInput(source.Text);

        // A UTF-8 byte order mark is an encoding artefact, not content.
        if (!input.AtEnd && input.Current == '\uFEFF')
        {
            input = input.Advance();
        }
    }

    public bool AtEnd => input.AtEnd;

    public int Offset => input.Position;

    /// <summary>Reads a blank line (<paramref name="comment"/> null) or a comment-only line; false when the line holds code.</summary>
    public bool TryReadTriviaLine(out CommentSyntax? comment)
    {
        var result = grammar.TriviaLine(input);
        comment = result.WasSuccessful ? result.Value : null;
        if (result.WasSuccessful)
        {
            input = result.Remainder;
        }

        return result.WasSuccessful;
    }

    /// <summary>
    /// Reads the statement starting here. On success the cursor moves past it. A statement with errors comes back
    /// as diagnostics instead: several when the grammar could recover inside it (the cursor then moves past it),
    /// one when it could not (the cursor stays, and the caller skips ahead).
    /// </summary>
    public (ParsedStatement? Statement, IReadOnlyList<Diagnostic> Errors) ReadStatement()
    {
        var start = input.Position;
        var result = grammar.StatementLine(input);
        if (!result.WasSuccessful)
        {
            return (null, [ToDiagnostic(result.Remainder, result.Expectations, start)]);
        }

        input = result.Remainder;
        if (result.Value.Errors.Count > 0)
        {
            return (null, result.Value.Errors.Select(e => ToDiagnostic(e.At, e.Expected, start)).ToList());
        }

        return (result.Value, []);
    }

    /// <summary>Moves the cursor forward to <paramref name="offset"/> (error recovery).</summary>
    public void SkipTo(int offset)
    {
        while (!input.AtEnd && input.Position < offset)
        {
            input = input.Advance();
        }
    }

    /// <summary>The single translation of a Sprache failure: its position and expectation names, nothing else.</summary>
    private Diagnostic ToDiagnostic(IInput at, IEnumerable<string> expectations, int statementStart)
    {
        var expected = new HashSet<string>(expectations, StringComparer.Ordinal);
        return SyntaxErrorReporter.Report(source, new SyntaxFailure(at.Position, expected, statementStart));
    }
}
