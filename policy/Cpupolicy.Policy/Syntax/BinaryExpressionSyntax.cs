using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Policy.Syntax;

/// <summary>
/// <c>E1 + E2</c>, <c>E1 - E2</c> or <c>E1 &amp; E2</c>. The operators have equal precedence and associate to the
/// left, so a right operand that is itself binary is always a <see cref="ParenthesizedExpressionSyntax"/>.
/// </summary>
public sealed record BinaryExpressionSyntax(
    ExpressionSyntax Left,
    BinaryOperator Operator,
    SourceSpan OperatorSpan,
    ExpressionSyntax Right,
    SourceSpan Span)
    : ExpressionSyntax(Span);
