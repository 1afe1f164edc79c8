namespace Cpupolicy.Policy.Syntax;

/// <summary>
/// The comments and blank lines around a line-based item (a statement, or an entry of a <c>{ }</c> block):
/// the full-line comments above it, whether a blank line sits directly above it (after those comments), and the
/// comment at the end of its last line.
/// </summary>
public sealed record LineTrivia(SyntaxList<CommentLine> Leading, bool BlankLineBefore, CommentSyntax? Trailing)
{
    public static LineTrivia None { get; } = new([], false, null);
}
