using System.Text;

namespace Cpupolicy.Tests.Policy;

/// <summary>
/// Test input with expected spans marked inline, minsk-style: <c>pool p = [=]</c> is the text <c>pool p = =</c> with
/// one expected span over the second <c>=</c>; <c>[]</c> marks an empty span (e.g. at the end of a line). The
/// policy language never uses square brackets, so the markers cannot clash with real input.
/// </summary>
public sealed class AnnotatedText
{
    private AnnotatedText(string text, IReadOnlyList<(int Offset, int Length)> spans)
    {
        Text = text;
        Spans = spans;
    }

    public string Text { get; }

    /// <summary>The marked spans in the order their <c>[</c> appears.</summary>
    public IReadOnlyList<(int Offset, int Length)> Spans { get; }

    public static AnnotatedText Parse(string annotated)
    {
        var text = new StringBuilder();
        var spans = new List<(int Offset, int Length)>();
        var open = new Stack<(int Index, int Offset)>();
        foreach (var c in annotated)
        {
            switch (c)
            {
                case '[':
                    open.Push((spans.Count, text.Length));
                    spans.Add((text.Length, -1));
                    break;
                case ']':
                    if (open.Count == 0)
                    {
                        throw new ArgumentException("`]` without a `[` in the annotated text", nameof(annotated));
                    }

                    var (index, offset) = open.Pop();
                    spans[index] = (offset, text.Length - offset);
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }

        if (open.Count > 0)
        {
            throw new ArgumentException("`[` without a `]` in the annotated text", nameof(annotated));
        }

        return new AnnotatedText(text.ToString(), spans);
    }

    /// <summary>
    /// Removes the indentation that raw string literals in test code carry, so tests can be indented like the
    /// code around them. (C# raw literals already do this; the helper serves regular verbatim strings.)
    /// </summary>
    public static string Unindent(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        while (lines.Count > 0 && string.IsNullOrWhiteSpace(lines[0]))
        {
            lines.RemoveAt(0);
        }

        while (lines.Count > 0 && string.IsNullOrWhiteSpace(lines[^1]))
        {
            lines.RemoveAt(lines.Count - 1);
        }

        var indent = lines.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join('\n', lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));
    }
}
