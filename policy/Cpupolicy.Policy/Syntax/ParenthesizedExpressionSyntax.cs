using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Policy.Syntax;

/// <summary><c>( E )</c>: kept in the tree so the formatter prints the parentheses the author wrote.</summary>
public sealed record ParenthesizedExpressionSyntax(ExpressionSyntax Inner, SourceSpan Span) : ExpressionSyntax(Span);
