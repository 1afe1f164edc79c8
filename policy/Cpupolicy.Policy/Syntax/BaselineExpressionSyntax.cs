using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Policy.Syntax;

/// <summary><c>baseline(A, B, ...)</c>: the intersection of the capabilities of the named hosts and pools.</summary>
public sealed record BaselineExpressionSyntax(SyntaxList<NameSyntax> Sources, SourceSpan Span) : ExpressionSyntax(Span);
