using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Policy.Syntax;

namespace Cpupolicy.Policy.Parsing;

/// <summary>A failed parse seen from the text: what sits at the failure, and how to name it in a message.</summary>
internal sealed class FailureContext
{
    public FailureContext(SourceText source, SyntaxFailure failure)
    {
        Source = source;
        Failure = failure;
        Char = source.CharAt(failure.Offset);
        Word = source.WordAt(failure.Offset);
    }

    public SourceText Source { get; }

    public SyntaxFailure Failure { get; }

    public int Offset => Failure.Offset;

    /// <summary>The character at the failure; null at the end of the file.</summary>
    public char? Char { get; }

    /// <summary>The name-like word at the failure, if one starts there.</summary>
    public string? Word { get; }

    public SourceSpan Span(int length) => Source.Span(Offset, length);

    /// <summary>The span of the token at the failure (empty at the end of a line or of the file).</summary>
    public SourceSpan TokenSpan() => Span(TokenLength());

    /// <summary>The token at the failure as a message names it: "`word`", "the end of the line", ...</summary>
    public string Found()
    {
        switch (Char)
        {
            case null:
                return "the end of the file";
            case '\n':
            case '\r' when Source.CharAt(Offset + 1) is '\n' or null:
                return "the end of the line";
            case '#':
                return "a comment";
            case '"':
                return $"the string `{SyntaxErrorReporter.Shorten(Source.Text.Substring(Offset, TokenLength()))}`";
        }

        return Word is not null ? $"`{SyntaxErrorReporter.Shorten(Word)}`" : SyntaxErrorReporter.Show(Char.Value);
    }

    /// <summary>The text at the failure up to the next space (what the user probably meant as one token).</summary>
    public string RawToken()
    {
        var end = Offset;
        while (end < Source.Length && Source.Text[end] is not (' ' or '\t' or '\r' or '\n' or '#'))
        {
            end++;
        }

        return Source.Text[Offset..end];
    }

    /// <summary>The failed statement's text up to the failure, on one line (e.g. "pool homelab").</summary>
    public string StatementPrefix()
    {
        var start = StatementKeywordOffset();
        var text = start < Offset ? Source.Text[start..Offset] : string.Empty;
        return SyntaxErrorReporter.Shorten(string.Join(' ', text.Split([' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries)));
    }

    /// <summary>"write `pool NAME = A, B, ...`" for the statement being parsed, or null outside a known statement.</summary>
    public string? StatementFormHint() =>
        Source.WordAt(StatementKeywordOffset()) is { } keyword && SyntaxFacts.StatementForms.TryGetValue(keyword, out var form)
            ? $"write {form}"
            : null;

    /// <summary>The expectations of the failure that belong to <paramref name="kind"/>, as "a host name or a pool name".</summary>
    public string ExpectedPhrase(IReadOnlySet<string> kind) =>
        string.Join(" or ", Failure.Expected.Where(kind.Contains).Order(StringComparer.Ordinal));

    private int StatementKeywordOffset()
    {
        var start = Failure.StatementStart;
        while (Source.CharAt(start) is ' ' or '\t' or '\r' or '\uFEFF')
        {
            start++;
        }

        return start;
    }

    private int TokenLength()
    {
        switch (Char)
        {
            case null or '\n':
                return 0;
            case '\r' when Source.CharAt(Offset + 1) is '\n' or null:
                return 0;
            case '"':
                var end = Offset + 1;
                while (end < Source.Length && Source.Text[end] is not ('"' or '\n'))
                {
                    end += Source.Text[end] == '\\' && end + 1 < Source.Length && Source.Text[end + 1] != '\n' ? 2 : 1;
                }

                return Math.Min(end + (Source.CharAt(end) == '"' ? 1 : 0), Source.Length) - Offset;
        }

        return Word?.Length ?? 1;
    }
}
