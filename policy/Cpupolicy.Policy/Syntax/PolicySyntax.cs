using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Policy.Syntax;

/// <summary>
/// A whole policy file: its statements in order, and the comment lines after the last statement.
/// </summary>
public sealed record PolicySyntax(SyntaxList<StatementSyntax> Statements, SyntaxList<CommentLine> EndComments, SourceSpan Span)
    : SyntaxNode(Span);
