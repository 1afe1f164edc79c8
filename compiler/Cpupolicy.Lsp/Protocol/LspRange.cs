using System.Text.Json.Nodes;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Lsp.Protocol;

/// <summary>An LSP position: 0-based line and UTF-16 character (C# strings count the same way).</summary>
public readonly record struct LspPosition(int Line, int Character)
{
    public JsonObject ToJson() => new() { ["line"] = Line, ["character"] = Character };
}

/// <summary>An LSP range; the compiler's spans are 1-based, so every conversion goes through here.</summary>
public readonly record struct LspRange(LspPosition Start, LspPosition End)
{
    /// <summary>
    /// The range of a compiler span; a span without a position (a whole file, an element) is the first line's start,
    /// where editors still show it.
    /// </summary>
    public static LspRange FromSpan(SourceSpan span, LineIndex lines)
    {
        if (span.Line <= 0)
        {
            return new LspRange(new LspPosition(0, 0), new LspPosition(0, 0));
        }

        var start = new LspPosition(span.Line - 1, Math.Max(0, span.Column - 1));
        var end = lines.PositionOf(lines.OffsetOf(start) + Math.Max(0, span.Length));
        return new LspRange(start, end);
    }

    public JsonObject ToJson() => new() { ["start"] = Start.ToJson(), ["end"] = End.ToJson() };
}
