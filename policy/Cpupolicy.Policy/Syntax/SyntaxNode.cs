using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Policy.Syntax;

/// <summary>
/// The base of every node of the syntax tree. Nodes are immutable records with value equality, so two trees are
/// equal when they say the same thing at the same places; <see cref="SpanEraser"/> compares them regardless of place.
/// </summary>
public abstract record SyntaxNode(SourceSpan Span);
