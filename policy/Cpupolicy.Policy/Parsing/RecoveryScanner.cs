using Cpupolicy.Policy.Syntax;

namespace Cpupolicy.Policy.Parsing;

/// <summary>
/// Finds where to resume after a statement that failed to parse, so that one run reports one error per bad
/// statement instead of a cascade. A statement extends over the lines it continues onto (after a trailing
/// <c>,</c>, inside unclosed brackets, or after a dangling operator); a line that starts with a statement keyword
/// always starts a new one.
/// </summary>
internal static class RecoveryScanner
{
    /// <summary>The offset of the first line after the statement starting at <paramref name="start"/>; always past its first line.</summary>
    public static int NextStatement(SourceText source, int start)
    {
        var text = source.Text;
        var depth = 0;
        var lastSignificant = '\0';
        var i = start;
        while (i < text.Length)
        {
            var c = text[i];
            switch (c)
            {
                case '"':
                    i = SkipString(text, i);
                    lastSignificant = '"';
                    continue;
                case '#':
                    i = source.LineEnd(i);
                    continue;
                case '(' or '{':
                    depth++;
                    break;
                case ')' or '}':
                    depth = Math.Max(0, depth - 1);
                    break;
                case '\n':
                    var next = i + 1;
                    // The author meant the next line to continue this statement when the line ends in a comma
                    // or (mistakenly, but evidently) in an operator or `=`; skip it too rather than misread it.
                    var continues = depth > 0 || lastSignificant is ',' or '+' or '-' or '&' or '=';
                    if (!continues || StartsStatement(source, next))
                    {
                        return next;
                    }

                    break;
            }

            if (c is not (' ' or '\t' or '\r' or '\n'))
            {
                lastSignificant = c;
            }

            i++;
        }

        return text.Length;
    }

    private static bool StartsStatement(SourceText source, int lineStart)
    {
        var i = lineStart;
        while (source.CharAt(i) is ' ' or '\t' or '\r')
        {
            i++;
        }

        return source.WordAt(i) is { } word && SyntaxFacts.StatementKeywords.Contains(word);
    }

    /// <summary>The offset after the string starting at <paramref name="quote"/>, stopping at the end of its line.</summary>
    private static int SkipString(string text, int quote)
    {
        var i = quote + 1;
        while (i < text.Length && text[i] != '\n')
        {
            if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] != '\n')
            {
                i += 2;
                continue;
            }

            if (text[i] == '"')
            {
                return i + 1;
            }

            i++;
        }

        return Math.Min(i, text.Length);
    }
}
