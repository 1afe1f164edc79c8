namespace Cpupolicy.Compiler.Inventory;

/// <summary>One line of a text inventory, with its 1-based number, without the line break.</summary>
internal readonly record struct SourceLine(int Number, string Text)
{
    /// <summary>Splits on <c>\n</c>, dropping a trailing <c>\r</c> (serial consoles and Windows editors add one).</summary>
    public static IEnumerable<SourceLine> Split(string text)
    {
        var number = 0;
        var start = 0;
        while (start <= text.Length)
        {
            var end = text.IndexOf('\n', start);
            var stop = end < 0 ? text.Length : end;
            var line = text[start..stop];
            if (line.EndsWith('\r'))
            {
                line = line[..^1];
            }

            number++;
            if (end < 0)
            {
                // A final line break does not start another (empty) line.
                if (line.Length > 0 || number == 1)
                {
                    yield return new SourceLine(number, line);
                }

                yield break;
            }

            yield return new SourceLine(number, line);
            start = end + 1;
        }
    }

    /// <summary>1-based column of the first non-blank character (or one past the end of a blank line).</summary>
    public int FirstColumn
    {
        get
        {
            var i = 0;
            while (i < Text.Length && char.IsWhiteSpace(Text[i]))
            {
                i++;
            }

            return i + 1;
        }
    }

    /// <summary>The whitespace-separated words of the line, each with its 1-based column.</summary>
    public IReadOnlyList<(string Text, int Column)> Tokens()
    {
        var tokens = new List<(string, int)>();
        var i = 0;
        while (i < Text.Length)
        {
            while (i < Text.Length && char.IsWhiteSpace(Text[i]))
            {
                i++;
            }

            var start = i;
            while (i < Text.Length && !char.IsWhiteSpace(Text[i]))
            {
                i++;
            }

            if (i > start)
            {
                tokens.Add((Text[start..i], start + 1));
            }
        }

        return tokens;
    }
}
