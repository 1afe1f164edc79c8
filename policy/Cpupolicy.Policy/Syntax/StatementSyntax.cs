using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Policy.Syntax;

/// <summary>
/// One statement of a policy. The span runs from the keyword to the end of the statement (its trailing comment
/// excluded); <see cref="Trivia"/> holds the comments and blank lines around it.
/// </summary>
public abstract record StatementSyntax(LineTrivia Trivia, SourceSpan Span) : SyntaxNode(Span);
