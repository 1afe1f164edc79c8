using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Policy.Syntax;

namespace Cpupolicy.Policy.Parsing;

/// <summary>
/// The text being parsed with its line starts, so that any offset maps to a 1-based line and column exactly as the
/// parser counts them (every character, tabs and <c>\r</c> included, is one column; only <c>\n</c> ends a line).
/// </summary>
internal sealed class SourceText
{
    private readonly int[] lineStarts;

    public SourceText(string text, string file)
    {
        Text = text;
        File = file;
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        lineStarts = [.. starts];
    }

    public string Text { get; }

    public string File { get; }

    public int Length => Text.Length;

    public SourceSpan Span(int offset, int length)
    {
        offset = Math.Clamp(offset, 0, Text.Length);
        length = Math.Clamp(length, 0, Text.Length - offset);
        var line = LineIndex(offset);
        return new SourceSpan(File, offset, line + 1, offset - lineStarts[line] + 1, length);
    }

    /// <summary>The character at <paramref name="offset"/>, or null at the end of the text.</summary>
    public char? CharAt(int offset) => offset >= 0 && offset < Text.Length ? Text[offset] : null;

    /// <summary>The offset of the <c>\n</c> that ends the line of <paramref name="offset"/> (or the text's length).</summary>
    public int LineEnd(int offset)
    {
        var end = Text.IndexOf('\n', Math.Min(offset, Text.Length));
        return end < 0 ? Text.Length : end;
    }

    public int LineStart(int offset) => lineStarts[LineIndex(offset)];

    /// <summary>The name-like word starting at <paramref name="offset"/>, or null when no name starts there.</summary>
    public string? WordAt(int offset)
    {
        if (CharAt(offset) is not { } c || !SyntaxFacts.IsNameStart(c))
        {
            return null;
        }

        var end = offset;
        while (end < Text.Length && SyntaxFacts.IsNameChar(Text[end]))
        {
            end++;
        }

        return Text[offset..end];
    }

    /// <summary>True when only spaces and tabs precede <paramref name="offset"/> on its line.</summary>
    public bool IsFirstOnLine(int offset)
    {
        for (var i = LineStart(offset); i < offset; i++)
        {
            if (Text[i] is not (' ' or '\t' or '\r'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The last character before <paramref name="offset"/> that is neither whitespace nor part of a comment,
    /// looking back over earlier lines when needed; null when there is none.
    /// </summary>
    public char? LastSignificantBefore(int offset)
    {
        var line = LineIndex(Math.Min(offset, Text.Length));
        var end = Math.Min(offset, Text.Length);
        while (line >= 0)
        {
            var code = WithoutComment(lineStarts[line], end).TrimEnd(' ', '\t', '\r', '\n');
            if (code.Length > 0)
            {
                return code[^1];
            }

            line--;
            end = line >= 0 ? lineStarts[line + 1] : 0;
        }

        return null;
    }

    private string WithoutComment(int start, int end)
    {
        var inString = false;
        for (var i = start; i < end; i++)
        {
            var c = Text[i];
            if (inString && c == '\\')
            {
                i++;
            }
            else if (c == '"')
            {
                inString = !inString;
            }
            else if (c == '#' && !inString)
            {
                return Text[start..i];
            }
        }

        return Text[start..end];
    }

    private int LineIndex(int offset)
    {
        var index = Array.BinarySearch(lineStarts, offset);
        return index >= 0 ? index : ~index - 1;
    }
}
