using Cpupolicy.Compiler;
using Cpupolicy.Policy.Syntax;

namespace Cpupolicy.Lsp.Analysis;

/// <summary>
/// A document at one version, run through the compiler's own stages (<see cref="Compilation"/>): the diagnostics
/// the editor shows are those of <c>cpupolicy check</c>. <see cref="Names"/> come from this version's syntax tree.
/// </summary>
public sealed record DocumentAnalysis(int Version, Compilation Compilation, PolicySyntax? Tree, IReadOnlyList<NameOccurrence> Names);
