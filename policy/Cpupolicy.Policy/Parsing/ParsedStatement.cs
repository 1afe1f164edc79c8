using Cpupolicy.Policy.Syntax;

namespace Cpupolicy.Policy.Parsing;

/// <summary>
/// A statement read from its line(s): the node, comments hoisted out of it, its end-of-line comment, and the
/// failures inside it that the grammar recovered from (when there are any, the statement is not valid).
/// </summary>
internal sealed record ParsedStatement(
    StatementSyntax Statement,
    IReadOnlyList<CommentSyntax> Hoisted,
    CommentSyntax? Trailing,
    IReadOnlyList<GrammarError> Errors);
