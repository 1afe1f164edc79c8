using System.Text;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Policy.Syntax;
using Sprache;

namespace Cpupolicy.Policy.Parsing;

/// <summary>
/// The grammar of the policy language (spec "Lexical rules" to "Constraints") as Sprache parsers. Only
/// <see cref="SpracheAdapter"/> runs it. Conventions that keep errors precise:
/// <list type="bullet">
/// <item>every failure carries only expectation names from <see cref="Expectations"/>, which the reporter keys on;</item>
/// <item>a parser that cannot start fails at its own start, consuming nothing, so callers may try something else;</item>
/// <item>once a construct has committed (its first token matched), its failure is reported where it happened;</item>
/// <item>the few loops whose error position Sprache's combinators would lose (lists, the operator chain, blocks)
/// are written as plain <c>Parser&lt;T&gt;</c> delegates.</item>
/// </list>
/// This file holds the lexical level: whitespace, comments, names, keywords, strings.
/// </summary>
internal sealed partial class PolicyGrammar
{
    /// <summary>The deepest expression accepted (see <see cref="SyntaxFacts.MaxExpressionDepth"/>).</summary>
    public const int MaxDepth = SyntaxFacts.MaxExpressionDepth;

    private static readonly IReadOnlyList<CommentSyntax> NoComments = [];

    private readonly SourceText source;
    private readonly Dictionary<string, Parser<NameSyntax>> namesByExpectation = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Parser<NameSyntax>> keywords = new(StringComparer.Ordinal);
    private Dictionary<string, Parser<Parsed<StatementSyntax>>>? statementParsers;
    private Parser<OptionSyntax>? optionEntry;
    private Parser<NameSyntax>? releaseNumber;
    private Parser<CommentSyntax?>? statementEnd;

    public PolicyGrammar(SourceText source)
    {
        this.source = source;
        AnyWord = Parse.Identifier(Parse.Char(SyntaxFacts.IsNameStart, "letter"), Parse.Char(SyntaxFacts.IsNameChar, "name character"))
            .Span()
            .Select(s => new NameSyntax(s.Value, SpanOf(s)));
        Comment = (from hash in Parse.Char('#')
                   from body in Parse.CharExcept('\n').Many().Text()
                   select "#" + body)
            .Span()
            .Select(MakeComment)
            .Named("a comment");
    }

    /// <summary>Any name-shaped word, keywords included. Fails at its start when no name starts there.</summary>
    private Parser<NameSyntax> AnyWord { get; }

    /// <summary><c>#</c> to the end of the line (the newline is not part of it).</summary>
    private Parser<CommentSyntax> Comment { get; }

    /// <summary>Spaces and tabs (and the <c>\r</c> of a CRLF line end), never a newline; yields how many were skipped.</summary>
    private static readonly Parser<int> Hs = i =>
    {
        var end = SkipHs(i);
        return Result.Success(end.Position - i.Position, end);
    };

    private static bool IsHs(char c) => c is ' ' or '\t' or '\r';

    private static IInput SkipHs(IInput i)
    {
        while (!i.AtEnd && IsHs(i.Current))
        {
            i = i.Advance();
        }

        return i;
    }

    private static bool At(IInput i, char c) => !i.AtEnd && i.Current == c;

    private static IResult<T> Fail<T>(IInput at, params string[] expected) => Result.Failure<T>(at, string.Join(" or ", expected), expected);

    /// <summary>Passes a failure on under another result type.</summary>
    private static IResult<TOut> Forward<TOut, TIn>(IResult<TIn> failure) =>
        Result.Failure<TOut>(failure.Remainder, failure.Message, failure.Expectations);

    private static IReadOnlyList<CommentSyntax> Join(params IReadOnlyList<CommentSyntax>[] parts) =>
        parts.All(p => p.Count == 0) ? NoComments : parts.SelectMany(p => p).ToList();

    private SourceSpan SpanOf<T>(ITextSpan<T> span) => new(source.File, span.Start.Pos, span.Start.Line, span.Start.Column, span.Length);

    private SourceSpan SpanBetween(IInput start, IInput end) =>
        new(source.File, start.Position, start.Line, start.Column, end.Position - start.Position);

    private CommentSyntax MakeComment(ITextSpan<string> span)
    {
        // Trailing blanks (and the \r of CRLF) are not part of a comment: the formatter drops them.
        var text = span.Value.TrimEnd(' ', '\t', '\r');
        return new CommentSyntax(text, new SourceSpan(source.File, span.Start.Pos, span.Start.Line, span.Start.Column, text.Length));
    }

    /// <summary>A name that is not a keyword; fails at its start with <paramref name="expected"/>.</summary>
    private Parser<NameSyntax> Name(string expected)
    {
        if (!namesByExpectation.TryGetValue(expected, out var parser))
        {
            parser = AnyWord.Where(n => !SyntaxFacts.IsKeyword(n.Text)).Named(expected);
            namesByExpectation[expected] = parser;
        }

        return parser;
    }

    /// <summary>Exactly the word <paramref name="keyword"/> (not a longer name that starts with it).</summary>
    private Parser<NameSyntax> Keyword(string keyword)
    {
        if (!keywords.TryGetValue(keyword, out var parser))
        {
            parser = AnyWord.Where(n => n.Text == keyword).Named(Expectations.Keyword(keyword));
            keywords[keyword] = parser;
        }

        return parser;
    }

    /// <summary>One punctuation character, with its span.</summary>
    private Parser<SourceSpan> Symbol(char symbol, string expected) =>
        Parse.Char(symbol).Span().Select(SpanOf).Named(expected);

    /// <summary>
    /// A quoted string with <c>\"</c> and <c>\\</c> escapes, on one line. An unterminated string fails at its
    /// opening quote (so the diagnostic can show the whole of it); a bad escape fails at its backslash.
    /// </summary>
    private IResult<StringLiteralSyntax> StringLiteral(IInput start, string expected)
    {
        if (!At(start, '"'))
        {
            return Fail<StringLiteralSyntax>(start, expected);
        }

        var value = new StringBuilder();
        var i = start.Advance();
        while (true)
        {
            if (i.AtEnd || i.Current == '\n')
            {
                return Fail<StringLiteralSyntax>(start, Expectations.ClosingQuote);
            }

            var c = i.Current;
            if (c == '"')
            {
                var end = i.Advance();
                return Result.Success(new StringLiteralSyntax(value.ToString(), SpanBetween(start, end)), end);
            }

            if (c == '\\')
            {
                var escaped = i.Advance();
                if (escaped.AtEnd || escaped.Current == '\n')
                {
                    return Fail<StringLiteralSyntax>(start, Expectations.ClosingQuote);
                }

                if (escaped.Current is not ('"' or '\\'))
                {
                    return Fail<StringLiteralSyntax>(i, Expectations.Escape);
                }

                c = escaped.Current;
                i = escaped;
            }

            value.Append(c);
            i = i.Advance();
        }
    }

    private Parser<StringLiteralSyntax> StringLiteral(string expected) => i => StringLiteral(i, expected);

    /// <summary>
    /// Whitespace inside a group: spaces, newlines and comments. Yields the comments (the caller decides where they
    /// go) and whether a newline was crossed (an unexpected token after a newline means the group was never closed).
    /// </summary>
    private (IReadOnlyList<CommentSyntax> Comments, bool Newline, IInput After) GroupGap(IInput i)
    {
        List<CommentSyntax>? comments = null;
        var newline = false;
        while (true)
        {
            i = SkipHs(i);
            if (At(i, '\n'))
            {
                newline = true;
                i = i.Advance();
            }
            else if (At(i, '#'))
            {
                var comment = Comment(i);
                (comments ??= []).Add(comment.Value);
                i = comment.Remainder;
            }
            else
            {
                return (comments ?? NoComments, newline, i);
            }
        }
    }

    private (IReadOnlyList<CommentSyntax> Comments, bool Newline, IInput After) Gap(IInput i, Layout layout) =>
        layout == Layout.Group ? GroupGap(i) : (NoComments, false, SkipHs(i));

    /// <summary>
    /// What follows a list's comma: nothing special, or a line break (a line ending in <c>,</c> continues) with the
    /// comment ending that line and comment lines before the next item. Blank lines inside a list are dropped.
    /// </summary>
    private (ContinuationTrivia? Trivia, IInput After) AfterComma(IInput i)
    {
        i = SkipHs(i);
        CommentSyntax? endOfLine = null;
        if (At(i, '#'))
        {
            var comment = Comment(i);
            endOfLine = comment.Value;
            i = comment.Remainder;
        }

        if (!At(i, '\n'))
        {
            return (endOfLine is null ? null : new ContinuationTrivia(endOfLine, []), i);
        }

        i = i.Advance();
        var lines = new List<CommentSyntax>();
        while (true)
        {
            var next = SkipHs(i);
            if (At(next, '#'))
            {
                var comment = Comment(next);
                lines.Add(comment.Value);
                i = comment.Remainder;
                if (At(i, '\n'))
                {
                    i = i.Advance();
                }
            }
            else if (At(next, '\n'))
            {
                i = next.Advance();
            }
            else
            {
                return (new ContinuationTrivia(endOfLine, lines.ToSyntaxList()), next);
            }
        }
    }

    /// <summary>
    /// <c>NAME (, NAME)*</c>. In <see cref="Layout.Line"/> only a line break right after a comma continues the list;
    /// inside a group the list may break anywhere. Fails where the first bad item is.
    /// </summary>
    private IResult<Parsed<SyntaxList<NameSyntax>>> NameList(IInput i, Layout layout, string expected)
    {
        var first = ListItem(i, expected);
        if (!first.WasSuccessful)
        {
            return Forward<Parsed<SyntaxList<NameSyntax>>, NameSyntax>(first);
        }

        var names = new List<NameSyntax> { first.Value };
        var hoisted = new List<CommentSyntax>();
        var rest = first.Remainder;
        while (true)
        {
            var beforeComma = Gap(rest, layout);
            if (!At(beforeComma.After, ','))
            {
                return Result.Success(new Parsed<SyntaxList<NameSyntax>>(names.ToSyntaxList(), hoisted), rest);
            }

            var (continuation, itemStart) = AfterComma(beforeComma.After.Advance());
            var item = ListItem(itemStart, expected);
            if (!item.WasSuccessful)
            {
                return Forward<Parsed<SyntaxList<NameSyntax>>, NameSyntax>(item);
            }

            names[^1] = names[^1] with { Continuation = continuation };
            hoisted.AddRange(beforeComma.Comments);
            names.Add(item.Value);
            rest = item.Remainder;
        }
    }

    /// <summary>
    /// One item of a name list: a name, and in a feature list optionally <c>&gt;= LEVEL</c> after it (an aarch64
    /// ID-register field at or above a level, <c>ISAR0.AES &gt;= 2</c>). Only feature lists take a level.
    /// </summary>
    private IResult<NameSyntax> ListItem(IInput i, string expected)
    {
        var name = Name(expected)(i);
        if (!name.WasSuccessful || expected != Expectations.FeatureName)
        {
            return name;
        }

        var op = SkipHs(name.Remainder);
        if (!At(op, '>') || op.Advance().AtEnd || op.Advance().Current != '=')
        {
            return name;
        }

        var at = SkipHs(op.Advance().Advance());
        var end = at;
        while (!end.AtEnd && SyntaxFacts.IsLevelChar(end.Current))
        {
            end = end.Advance();
        }

        if (end.Position == at.Position)
        {
            return Fail<NameSyntax>(at, Expectations.FieldLevel);
        }

        var level = new FieldLevelSyntax(source.Text.Substring(at.Position, end.Position - at.Position), SpanBetween(at, end));
        return Result.Success(name.Value with { AtLeast = level, Span = SpanBetween(i, end) }, end);
    }

    /// <summary>
    /// A blank line or a comment-only line at the top level. Yields the comment (null for a blank line); fails,
    /// consuming nothing, when the line holds code.
    /// </summary>
    public IResult<CommentSyntax?> TriviaLine(IInput i)
    {
        var start = SkipHs(i);
        if (start.AtEnd)
        {
            return start.Position > i.Position ? Result.Success<CommentSyntax?>(null, start) : Fail<CommentSyntax?>(i, Expectations.Statement);
        }

        if (start.Current == '\n')
        {
            return Result.Success<CommentSyntax?>(null, start.Advance());
        }

        if (start.Current == '#')
        {
            var comment = Comment(start);
            var rest = At(comment.Remainder, '\n') ? comment.Remainder.Advance() : comment.Remainder;
            return Result.Success<CommentSyntax?>(comment.Value, rest);
        }

        return Fail<CommentSyntax?>(i, Expectations.Statement);
    }

    /// <summary>A newline, or the end of the text (Sprache's <c>End</c>): what ends a statement's last line.</summary>
    private static readonly Parser<bool> LineTerminator =
        Parse.Char('\n').Return(true).Or(Parse.Return(true).End()).Named(Expectations.EndOfLine);

    /// <summary>The end of a statement: optional spaces and comment, then a newline or the end of the file.</summary>
    private IResult<CommentSyntax?> StatementEnd(IInput i)
    {
        statementEnd ??= from spaces in Hs
                         from comment in Comment.Optional()
                         from end in LineTerminator
                         select comment.IsDefined ? comment.Get() : null;
        return statementEnd(i);
    }

    /// <summary>True when a statement keyword starts a line at <paramref name="i"/> (used to spot an unclosed bracket).</summary>
    private bool StartsStatementLine(IInput i) =>
        !i.AtEnd && source.IsFirstOnLine(i.Position) && source.WordAt(i.Position) is { } word && SyntaxFacts.StatementKeywords.Contains(word);
}
