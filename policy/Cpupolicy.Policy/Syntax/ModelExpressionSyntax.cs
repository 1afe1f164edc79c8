using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Policy.Syntax;

/// <summary><c>model(NAME)</c>: the features of a named CPU model.</summary>
public sealed record ModelExpressionSyntax(NameSyntax Model, SourceSpan Span) : ExpressionSyntax(Span);
