using Cpupolicy.Policy.Syntax;

namespace Cpupolicy.Policy.Parsing;

/// <summary>A statement read from its line(s): the node, comments hoisted out of it, and its end-of-line comment.</summary>
internal sealed record ParsedStatement(StatementSyntax Statement, IReadOnlyList<CommentSyntax> Hoisted, CommentSyntax? Trailing);
