using Cpupolicy.Compiler;
using Cpupolicy.Lsp.Documents;
using Cpupolicy.Policy.Parsing;
using Cpupolicy.Policy.Syntax;

namespace Cpupolicy.Lsp.Analysis;

/// <summary>
/// The open documents and the files they include. Per document version there is at most one parse
/// (<see cref="Syntax"/>: completion, navigation, rename) and one compilation (<see cref="Analyze"/>: diagnostics,
/// hover), each made when first asked for. The last compilation that bound (<see cref="LastBound"/>) keeps serving
/// hover while the text is broken mid-edit.
/// </summary>
public sealed class PolicyWorkspace
{
    private readonly Dictionary<string, DocumentAnalysis> analyses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DocumentSyntax> syntaxes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DocumentAnalysis> lastBound = new(StringComparer.Ordinal);

    public DocumentStore Documents { get; } = new();

    /// <summary>
    /// The document's syntax tree and names at its current version: all that completion, navigation and rename need,
    /// so they never wait for a compilation.
    /// </summary>
    public DocumentSyntax Syntax(TextDocument document)
    {
        if (syntaxes.TryGetValue(document.Uri, out var cached) && ReferenceEquals(cached.Text, document.Text))
        {
            return cached;
        }

        var tree = analyses.TryGetValue(document.Uri, out var compiled) && ReferenceEquals(compiled.Text, document.Text)
            ? compiled.Tree
            : PolicyParser.Parse(document.Text, document.Path).Tree;
        var syntax = new DocumentSyntax(document.Text, tree, tree is null ? [] : SyntaxNames.Collect(tree));
        syntaxes[document.Uri] = syntax;
        return syntax;
    }

    /// <summary>The document compiled at its current version (what diagnostics and hover show).</summary>
    public DocumentAnalysis Analyze(TextDocument document)
    {
        if (analyses.TryGetValue(document.Uri, out var cached) && ReferenceEquals(cached.Text, document.Text))
        {
            return cached;
        }

        var compilation = Compilation.Compile(document.Text, document.Path);
        var tree = compilation.Syntax ?? Syntax(document).Tree;
        var analysis = new DocumentAnalysis(document.Version, document.Text, compilation, tree);
        analyses[document.Uri] = analysis;
        if (compilation.Bound is not null)
        {
            lastBound[document.Uri] = analysis;
        }

        return analysis;
    }

    /// <summary>The newest analysis of the document whose names bound, or the current one.</summary>
    public DocumentAnalysis LastBound(TextDocument document)
    {
        var current = Analyze(document);
        return current.Compilation.Bound is null && lastBound.TryGetValue(document.Uri, out var good) ? good : current;
    }

    public void Forget(string uri)
    {
        analyses.Remove(uri);
        syntaxes.Remove(uri);
        lastBound.Remove(uri);
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
    public IReadOnlyList<NameOccurrence> NamesOf(string path) => Documents.FindByPath(path) is { } open
        ? Syntax(open).Names
        : Parse(path) is { } tree ? SyntaxNames.Collect(tree) : [];

    public string? TextOf(string path) => Documents.TextOf(path);

    private PolicySyntax? Parse(string path) => Documents.FindByPath(path) is { } open
        ? Syntax(open).Tree
        : TextOf(path) is { } text ? PolicyParser.Parse(text, path).Tree : null;
}
