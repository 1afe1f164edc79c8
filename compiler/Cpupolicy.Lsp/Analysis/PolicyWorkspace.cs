using Cpupolicy.Compiler;
using Cpupolicy.Lsp.Documents;
using Cpupolicy.Policy.Parsing;
using Cpupolicy.Policy.Syntax;

namespace Cpupolicy.Lsp.Analysis;

/// <summary>
/// The open documents and the files they include, with one analysis per document version. A keystroke costs one
/// compilation of that document (the stages are fast, and the inventories it reads are cached by the OS); requests
/// that follow at the same version reuse it. The last analysis that bound (<see cref="LastBound"/>) keeps serving
/// completion and hover while the text is broken mid-edit.
/// </summary>
public sealed class PolicyWorkspace
{
    private readonly Dictionary<string, DocumentAnalysis> analyses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DocumentAnalysis> lastBound = new(StringComparer.Ordinal);

    public DocumentStore Documents { get; } = new();

    public DocumentAnalysis Analyze(TextDocument document)
    {
        if (analyses.TryGetValue(document.Uri, out var cached) && cached.Version == document.Version && ReferenceEquals(cachedText.GetValueOrDefault(document.Uri), document.Text))
        {
            return cached;
        }

        var compilation = Compilation.Compile(document.Text, document.Path);
        var tree = compilation.Syntax ?? PolicyParser.Parse(document.Text, document.Path).Tree;
        var analysis = new DocumentAnalysis(document.Version, compilation, tree, tree is null ? [] : SyntaxNames.Collect(tree));
        analyses[document.Uri] = analysis;
        cachedText[document.Uri] = document.Text;
        if (compilation.Bound is not null)
        {
            lastBound[document.Uri] = analysis;
        }

        return analysis;
    }

    private readonly Dictionary<string, string> cachedText = new(StringComparer.Ordinal);

    /// <summary>The newest analysis of the document whose names bound, or the current one.</summary>
    public DocumentAnalysis LastBound(TextDocument document)
    {
        var current = Analyze(document);
        return current.Compilation.Bound is null && lastBound.TryGetValue(document.Uri, out var good) ? good : current;
    }

    public void Forget(string uri)
    {
        analyses.Remove(uri);
        lastBound.Remove(uri);
        cachedText.Remove(uri);
    }

    /// <summary>
    /// The files a rename or a reference search spans: every open document and, transitively, every file they
    /// include, as full paths in a stable order.
    /// </summary>
    public IReadOnlyList<string> Files()
    {
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(Documents.All.Select(d => Path.GetFullPath(d.Path)));
        while (queue.Count > 0)
        {
            var path = queue.Dequeue();
            if (!seen.Add(path) || Parse(path) is not { } tree)
            {
                continue;
            }

            var directory = Path.GetDirectoryName(path) ?? ".";
            foreach (var include in tree.Statements.OfType<IncludeStatementSyntax>())
            {
                queue.Enqueue(Path.GetFullPath(Path.Combine(directory, include.Path.Value)));
            }
        }

        return seen.ToList();
    }

    /// <summary>The names of a file (open or on disk), or none when it cannot be read or parsed.</summary>
    public IReadOnlyList<NameOccurrence> NamesOf(string path) => Parse(path) is { } tree ? SyntaxNames.Collect(tree) : [];

    public string? TextOf(string path) => Documents.TextOf(path);

    private PolicySyntax? Parse(string path) => TextOf(path) is { } text ? PolicyParser.Parse(text, path).Tree : null;
}
