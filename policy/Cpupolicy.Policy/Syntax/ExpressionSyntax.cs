using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Policy.Syntax;

/// <summary>An expression whose value is a feature set.</summary>
public abstract record ExpressionSyntax(SourceSpan Span) : SyntaxNode(Span);
