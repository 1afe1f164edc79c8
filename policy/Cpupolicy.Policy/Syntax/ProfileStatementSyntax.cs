using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Policy.Syntax;

/// <summary><c>profile NAME = EXPR [{ CONSTRAINTS }]</c>: a guest CPU profile.</summary>
public sealed record ProfileStatementSyntax(
    NameSyntax Name,
    ExpressionSyntax Expression,
    BlockSyntax<ConstraintSyntax>? Constraints,
    LineTrivia Trivia,
    SourceSpan Span)
    : StatementSyntax(Trivia, Span);
