using Cpupolicy.Policy.Syntax;

namespace Cpupolicy.Lsp.Features;

/// <summary>What may be written at the cursor, told from the text before it (the tree of a half-typed line is no help).</summary>
public enum CompletionKind
{
    Statement,
    Constraint,
    Feature,
    Model,
    Profile,
    HostOrPool,
    Expression,
    Backend,
    OptionKey,
    OptionValue,
    Vendor,
    Anything,
}

/// <summary>The completion context at an offset: its kind, the word typed so far, and for options the backend and key.</summary>
public sealed record CompletionContext(CompletionKind Kind, string Prefix, string? Backend = null, string? OptionKey = null)
{
    public static CompletionContext At(string text, int offset)
    {
        offset = Math.Clamp(offset, 0, text.Length);
        var wordStart = offset;
        while (wordStart > 0 && SyntaxFacts.IsNameChar(text[wordStart - 1]))
        {
            wordStart--;
        }

        var prefix = text[wordStart..offset];
        var lineStart = text.LastIndexOf('\n', Math.Max(0, wordStart - 1)) + 1;
        if (wordStart == 0)
        {
            lineStart = 0;
        }

        var before = StripComment(text[lineStart..wordStart]).Trim();
        var words = before.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries);
        var first = words.FirstOrDefault() ?? string.Empty;
        var (block, blockLine) = OpenBlock(text, wordStart);

        if (first is "require" or "forbid")
        {
            return new(CompletionKind.Feature, prefix);
        }

        if (first == "vendor")
        {
            return new(CompletionKind.Vendor, prefix);
        }

        if (block is not null && !blockLine.Contains('\n', StringComparison.Ordinal) && blockLine.TrimStart().StartsWith("profile", StringComparison.Ordinal))
        {
            return new(CompletionKind.Feature, prefix); // inside `{...}` on the profile's own line: a feature set
        }

        if (before.EndsWith("model(", StringComparison.Ordinal) || (first == "host" && words.Length >= 3 && words[^1] == "is"))
        {
            return new(CompletionKind.Model, prefix);
        }

        if (words.Length > 0 && words[^1] == "uses")
        {
            return new(CompletionKind.Profile, prefix);
        }

        if (before.LastIndexOf("baseline(", StringComparison.Ordinal) > before.LastIndexOf(')') || (first == "pool" && before.Contains('=', StringComparison.Ordinal)))
        {
            return new(CompletionKind.HostOrPool, prefix);
        }

        if (first == "profile" && before.Contains('=', StringComparison.Ordinal))
        {
            return new(CompletionKind.Expression, prefix);
        }

        if (before == "target")
        {
            return new(CompletionKind.Backend, prefix);
        }

        if (block is { } b && blockLine.Contains('\n', StringComparison.Ordinal))
        {
            var header = b.Split([' ', '\t', '{'], StringSplitOptions.RemoveEmptyEntries);
            if (header.FirstOrDefault() == "target")
            {
                var backend = header.ElementAtOrDefault(1);
                return words.Length == 0 ? new(CompletionKind.OptionKey, prefix, backend) : new(CompletionKind.OptionValue, prefix, backend, words[0]);
            }

            if (words.Length == 0)
            {
                return new(CompletionKind.Constraint, prefix);
            }
        }

        return words.Length == 0 ? new(CompletionKind.Statement, prefix) : new(CompletionKind.Anything, prefix);
    }

    /// <summary>
    /// The innermost <c>{</c> still open before <paramref name="offset"/>: the text of its line up to the brace (the
    /// block's header), and the text from the brace's line start to the offset (a newline in it means a block
    /// rather than a one-line feature set). Comments and strings are skipped.
    /// </summary>
    private static (string? Header, string Span) OpenBlock(string text, int offset)
    {
        var open = new Stack<int>();
        var inString = false;
        for (var i = 0; i < offset; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c is '"' or '\n')
                {
                    inString = false;
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    inString = true;
                    break;
                case '#':
                    var end = text.IndexOf('\n', i);
                    i = end < 0 || end >= offset ? offset : end;
                    break;
                case '{':
                    open.Push(i);
                    break;
                case '}' when open.Count > 0:
                    open.Pop();
                    break;
            }
        }

        if (open.Count == 0)
        {
            return (null, string.Empty);
        }

        var brace = open.Peek();
        var lineStart = text.LastIndexOf('\n', Math.Max(0, brace - 1)) + 1;
        if (brace == 0)
        {
            lineStart = 0;
        }

        return (text[lineStart..brace], text[lineStart..offset]);
    }

    private static string StripComment(string line)
    {
        var hash = line.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? line : line[..hash];
    }
}
