using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Policy.Syntax;

/// <summary>
/// A name as written (<c>[A-Za-z_][A-Za-z0-9_.-]*</c>): a host, pool, profile, feature, model or backend.
/// What it refers to is decided by the binder, not here. In a comma-separated list, <see cref="Continuation"/>
/// is set when the list went on to a new line after this item's comma. In a feature list, <see cref="AtLeast"/> is
/// the level of <c>FIELD &gt;= LEVEL</c> (aarch64 ID-register fields); the span then covers the whole item.
/// </summary>
public sealed record NameSyntax(string Text, SourceSpan Span, ContinuationTrivia? Continuation = null) : SyntaxNode(Span)
{
    /// <summary>The level of <c>NAME &gt;= LEVEL</c>, or null for a plain name.</summary>
    public FieldLevelSyntax? AtLeast { get; init; }

    /// <summary>The item as written, normalised: <c>aes</c> or <c>ISAR0.AES &gt;= 2</c>.</summary>
    public string Display => AtLeast is { } level ? $"{Text} >= {level.Text}" : Text;
}
