using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Policy.Syntax;

/// <summary>
/// A <c>{ }</c> block after a profile (constraints) or a target (options). Besides its entries it keeps the comment
/// on the line of <c>{</c> (when no entry shares that line) and the comment lines after the last entry, before
/// <c>}</c>. The span covers both braces.
/// </summary>
public sealed record BlockSyntax<TEntry>(
    SyntaxList<TEntry> Entries,
    CommentSyntax? OpenComment,
    SyntaxList<CommentLine> ClosingComments,
    SourceSpan Span)
    : SyntaxNode(Span)
    where TEntry : BlockEntrySyntax;
