using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Policy.Syntax;

/// <summary>A bare name in an expression: a declared profile, host or pool (resolved by the binder).</summary>
public sealed record NameExpressionSyntax(NameSyntax Name, SourceSpan Span) : ExpressionSyntax(Span);
