namespace Cpupolicy.Policy.Syntax;

/// <summary>
/// The line break after the <c>,</c> that follows an item of a list (the source continued the list on a new line),
/// with the comment at the end of that line and any comment lines before the next item. The formatter keeps these
/// breaks so hand-wrapped long lists stay wrapped.
/// </summary>
public sealed record ContinuationTrivia(CommentSyntax? EndOfLineComment, SyntaxList<CommentSyntax> CommentLines)
{
    public static ContinuationTrivia Plain { get; } = new(null, []);
}
