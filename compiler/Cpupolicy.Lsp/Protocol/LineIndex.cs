namespace Cpupolicy.Lsp.Protocol;

/// <summary>
/// The offsets at which the lines of a text start, to turn LSP positions into string offsets and back. A position
/// past the end of its line (or of the text) is clamped, as LSP asks of servers.
/// </summary>
public sealed class LineIndex
{
    private readonly List<int> starts = [0];
    private readonly int length;

    public LineIndex(string text)
    {
        length = text.Length;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }
    }

    public int LineCount => starts.Count;

    public int OffsetOf(LspPosition position)
    {
        if (position.Line < 0)
        {
            return 0;
        }

        if (position.Line >= starts.Count)
        {
            return length;
        }

        var lineEnd = position.Line + 1 < starts.Count ? starts[position.Line + 1] - 1 : length;
        return Math.Clamp(starts[position.Line] + Math.Max(0, position.Character), starts[position.Line], Math.Max(starts[position.Line], lineEnd));
    }

    public LspPosition PositionOf(int offset)
    {
        offset = Math.Clamp(offset, 0, length);
        var line = starts.BinarySearch(offset);
        if (line < 0)
        {
            line = ~line - 1;
        }

        return new LspPosition(line, offset - starts[line]);
    }
}
