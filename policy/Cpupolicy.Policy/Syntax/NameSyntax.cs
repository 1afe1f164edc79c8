using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Policy.Syntax;

/// <summary>
/// A name as written (<c>[A-Za-z_][A-Za-z0-9_.-]*</c>): a host, pool, profile, feature, model or backend.
/// What it refers to is decided by the binder, not here. In a comma-separated list, <see cref="Continuation"/>
/// is set when the list went on to a new line after this item's comma.
/// </summary>
public sealed record NameSyntax(string Text, SourceSpan Span, ContinuationTrivia? Continuation = null) : SyntaxNode(Span);
