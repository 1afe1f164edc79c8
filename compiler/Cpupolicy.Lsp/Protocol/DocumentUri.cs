namespace Cpupolicy.Lsp.Protocol;

/// <summary>file:// URIs to paths and back; other schemes are kept as their text (the compiler only names them).</summary>
public static class DocumentUri
{
    public static string ToPath(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsFile ? parsed.LocalPath : uri;

    public static string FromPath(string path) => new Uri(Path.GetFullPath(path)).AbsoluteUri;
}
