using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Policy.Syntax;

/// <summary>One entry of a <c>{ }</c> block: a line-based item with its own comments, like a statement.</summary>
public abstract record BlockEntrySyntax(LineTrivia Trivia, SourceSpan Span) : SyntaxNode(Span);
