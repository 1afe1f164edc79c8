using System.Text;
using Cpupolicy.Lsp.Protocol;

namespace Cpupolicy.Lsp.Documents;

/// <summary>An open document: the editor's text (not the file on disk), its version, and its line index.</summary>
public sealed class TextDocument
{
    public TextDocument(string uri, string text, int version)
    {
        Uri = uri;
        Path = DocumentUri.ToPath(uri);
        Text = text;
        Version = version;
        Lines = new LineIndex(text);
    }

    public string Uri { get; }

    public string Path { get; }

    public string Text { get; private set; }

    public int Version { get; private set; }

    public LineIndex Lines { get; private set; }

    /// <summary>
    /// Applies one change of <c>textDocument/didChange</c>: with a range, the range is replaced (incremental sync);
    /// without, the whole text is.
    /// </summary>
    public void Apply(LspRange? range, string text)
    {
        if (range is not { } r)
        {
            Text = text;
        }
        else
        {
            var start = Lines.OffsetOf(r.Start);
            var end = Math.Max(start, Lines.OffsetOf(r.End));
            Text = new StringBuilder(Text.Length - (end - start) + text.Length)
                .Append(Text, 0, start).Append(text).Append(Text, end, Text.Length - end).ToString();
        }

        Lines = new LineIndex(Text);
    }

    public void SetVersion(int version) => Version = version;
}
