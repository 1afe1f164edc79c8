namespace Cpupolicy.Lsp.Documents;

/// <summary>The documents the client has open, by URI. Files that are not open are read from disk when needed.</summary>
public sealed class DocumentStore
{
    private readonly Dictionary<string, TextDocument> documents = new(StringComparer.Ordinal);

    public IEnumerable<TextDocument> All => documents.Values;

    public TextDocument? Find(string? uri) => uri is not null && documents.TryGetValue(uri, out var d) ? d : null;

    public TextDocument? FindByPath(string path) =>
        documents.Values.FirstOrDefault(d => string.Equals(System.IO.Path.GetFullPath(d.Path), System.IO.Path.GetFullPath(path), StringComparison.Ordinal));

    public TextDocument Open(string uri, string text, int version)
    {
        var document = new TextDocument(uri, text, version);
        documents[uri] = document;
        return document;
    }

    public void Close(string uri) => documents.Remove(uri);

    /// <summary>The text of a file: the editor's when it is open, else the disk's (null when unreadable).</summary>
    public string? TextOf(string path)
    {
        if (FindByPath(path) is { } open)
        {
            return open.Text;
        }

        try
        {
            return File.Exists(path) && new FileInfo(path).Length < 4 * 1024 * 1024 ? File.ReadAllText(path) : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
