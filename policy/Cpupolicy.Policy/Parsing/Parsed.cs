using Cpupolicy.Policy.Syntax;

namespace Cpupolicy.Policy.Parsing;

/// <summary>
/// A node as the grammar returns it, with the comments found inside it at places the tree has no slot for
/// (inside parentheses or braces, away from a list's commas). The statement hands them to the line above it, so no
/// comment is ever lost. <see cref="Height"/> is the node's depth in the tree, to refuse trees too deep to walk.
/// <see cref="Errors"/> are failures inside the node that the grammar recovered from (bad block entries).
/// </summary>
internal readonly record struct Parsed<T>(T Node, IReadOnlyList<CommentSyntax> Hoisted, int Height = 0, IReadOnlyList<GrammarError>? Errors = null);
