using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Policy.Syntax;

/// <summary>
/// A <c>#</c> comment, kept in the tree because the formatter must reproduce every comment. <see cref="Text"/>
/// starts with <c>#</c> and has no trailing whitespace.
/// </summary>
public sealed record CommentSyntax(string Text, SourceSpan Span) : SyntaxNode(Span);
