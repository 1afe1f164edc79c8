using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Policy.Syntax;

namespace Cpupolicy.Policy.Parsing;

/// <summary>
/// The entry point of the syntax stage: text in, syntax tree and syntax diagnostics (CP01xx) out. Only the form of
/// the policy is checked here; whether names exist is the binder's business.
/// </summary>
public static class PolicyParser
{
    /// <summary>After this many syntax errors the parser stops reporting (later ones are mostly consequences).</summary>
    public const int MaxErrors = 100;

    /// <summary>
    /// Parses a policy file. Never throws: each malformed statement becomes one diagnostic and parsing resumes at
    /// the next statement. <paramref name="fileName"/> is only used in spans.
    /// </summary>
    public static ParseResult Parse(string text, string fileName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fileName);
        try
        {
            return ParseFile(new SourceText(text, fileName));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A last resort: every input is meant to end in a tree or in coded diagnostics. Reaching this is a bug.
            var internalError = DiagnosticCatalog.InternalError.Create(
                SourceSpan.WholeFile(fileName),
                $"the parser failed unexpectedly ({ex.GetType().Name}: {ex.Message})",
                "this is a bug in cpupolicy; please report it together with the policy file");
            return new ParseResult(null, [internalError]);
        }
    }

    private static ParseResult ParseFile(SourceText source)
    {
        var reader = new SpracheAdapter(source);
        var statements = new List<StatementSyntax>();
        var diagnostics = new List<Diagnostic>();
        var comments = new List<CommentLine>();
        var blank = false;
        var seenItem = false;
        while (true)
        {
            while (reader.TryReadTriviaLine(out var comment))
            {
                if (comment is null)
                {
                    // Runs of blank lines collapse to one, and blank lines before the first item mean nothing.
                    blank = seenItem;
                    continue;
                }

                comments.Add(new CommentLine(comment, blank));
                blank = false;
                seenItem = true;
            }

            if (reader.AtEnd)
            {
                break;
            }

            var start = reader.Offset;
            var (parsed, errors) = reader.ReadStatement();
            if (parsed is not null)
            {
                statements.Add(WithTrivia(parsed, comments, blank));
            }
            else
            {
                diagnostics.AddRange(errors);
                if (diagnostics.Count >= MaxErrors)
                {
                    diagnostics.RemoveRange(MaxErrors, diagnostics.Count - MaxErrors);
                    diagnostics.Add(DiagnosticCatalog.TooManySyntaxErrors.Create(
                        diagnostics[^1].Span,
                        $"stopped after {MaxErrors} syntax errors",
                        "fix the errors above and run again"));
                    break;
                }

                if (reader.Offset == start)
                {
                    reader.SkipTo(RecoveryScanner.NextStatement(source, start));
                }
            }

            comments = [];
            blank = false;
            seenItem = true;
        }

        if (diagnostics.Count > 0)
        {
            return new ParseResult(null, diagnostics);
        }

        var tree = new PolicySyntax(statements.ToSyntaxList(), comments.ToSyntaxList(), source.Span(0, source.Length));
        return new ParseResult(tree, diagnostics);
    }

    /// <summary>
    /// Gives a statement the comment lines above it, and the comments found inside it where the tree has no place
    /// for them (e.g. inside parentheses): those move to the lines just above the statement, so none is lost.
    /// </summary>
    private static StatementSyntax WithTrivia(ParsedStatement parsed, List<CommentLine> leading, bool blank)
    {
        var lines = new List<CommentLine>(leading);
        foreach (var hoisted in parsed.Hoisted)
        {
            lines.Add(new CommentLine(hoisted, blank));
            blank = false;
        }

        var trivia = new LineTrivia(lines.ToSyntaxList(), blank, parsed.Trailing);
        return parsed.Statement with { Trivia = trivia };
    }
}
