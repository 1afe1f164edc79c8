using Cpupolicy.Compiler;
using Cpupolicy.Policy.Syntax;

namespace Cpupolicy.Lsp.Analysis;

/// <summary>
/// A document at one version (<see cref="Text"/>, compared by reference), run through the compiler's own stages
/// (<see cref="Compilation"/>): the diagnostics the editor shows are those of <c>cpupolicy check</c>.
/// </summary>
public sealed record DocumentAnalysis(int Version, string Text, Compilation Compilation, PolicySyntax? Tree);

/// <summary>A document's text parsed, with every name of its tree (null when the text does not parse).</summary>
public sealed record DocumentSyntax(string Text, PolicySyntax? Tree, IReadOnlyList<NameOccurrence> Names);
