namespace Cpupolicy.Policy.Syntax;

/// <summary>
/// A comment on a line of its own. <see cref="BlankLineBefore"/> records that one or more blank lines separated it
/// from what came before (runs of blank lines collapse to one; never set for the first item of a file or block).
/// </summary>
public sealed record CommentLine(CommentSyntax Comment, bool BlankLineBefore = false);
