using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Policy.Syntax;

/// <summary>A quoted string (a path or a VM glob). <see cref="Value"/> is unescaped; the span covers the quotes.</summary>
public sealed record StringLiteralSyntax(string Value, SourceSpan Span) : SyntaxNode(Span);
