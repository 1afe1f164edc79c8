using Cpupolicy.Policy.Diagnostics;
using Cpupolicy.Policy.Syntax;
using Sprache;

namespace Cpupolicy.Policy.Parsing;

/// <summary>
/// The one adapter between the parser library (Sprache) and the rest of cpupolicy: a cursor over the text that
/// reads one line-level item at a time with <see cref="PolicyGrammar"/>, and the one place where a Sprache failure
/// becomes a coded diagnostic (<see cref="ToDiagnostic{T}"/>), so Sprache's own wording never reaches a user.
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

    /// <summary>Reads the statement starting here, or explains why it cannot (leaving the cursor where it was).</summary>
    public (ParsedStatement? Statement, Diagnostic? Error) ReadStatement()
    {
        var result = grammar.StatementLine(input);
        if (!result.WasSuccessful)
        {
            return (null, ToDiagnostic(result, input.Position));
        }

        input = result.Remainder;
        return (result.Value, null);
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
    private Diagnostic ToDiagnostic<T>(IResult<T> failure, int statementStart)
    {
        var expected = new HashSet<string>(failure.Expectations, StringComparer.Ordinal);
        return SyntaxErrorReporter.Report(source, new SyntaxFailure(failure.Remainder.Position, expected, statementStart));
    }
}
