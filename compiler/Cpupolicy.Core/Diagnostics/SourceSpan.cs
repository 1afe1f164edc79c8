namespace Cpupolicy.Core.Diagnostics;

/// <summary>
/// A place in an input file. Lines and columns are 1-based (what editors show); <see cref="Offset"/> is the
/// 0-based character offset and <see cref="Length"/> the number of characters covered.
/// A span with <see cref="Line"/> 0 names a whole file (or an element, see <see cref="Element"/>) rather than a position.
/// </summary>
public readonly record struct SourceSpan(string File, int Offset, int Line, int Column, int Length, string? Element = null)
{
    /// <summary>A span that names only a file (for errors about the file as a whole).</summary>
    public static SourceSpan WholeFile(string file) => new(file, 0, 0, 0, 0);

    /// <summary>A span that names an element of a structured input (XML/YAML/JSON path) when no position is known.</summary>
    public static SourceSpan ForElement(string file, string element) => new(file, 0, 0, 0, 0, element);

    /// <summary>A span at a line and column, when the offset is not tracked.</summary>
    public static SourceSpan At(string file, int line, int column, int length = 0) => new(file, 0, line, column, length);

    public override string ToString()
    {
        if (Line > 0)
        {
            return $"{File}:{Line}:{Column}";
        }

        return Element is null ? File : $"{File}: {Element}";
    }
}
