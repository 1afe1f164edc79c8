using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Lsp.Analysis;

/// <summary>
/// One name in a file: its text, span, role, and for a declaration the kind declared (<c>host</c>, <c>pool</c>,
/// <c>profile</c>); for an option key or value, the backend of its <c>target</c> block (and for a value, the key).
/// </summary>
public sealed record NameOccurrence(string Text, SourceSpan Span, NameRole Role, string? Kind = null, string? Backend = null, string? OptionKey = null)
{
    public bool Contains(int offset) => offset >= Span.Offset && offset <= Span.Offset + Span.Length;

    /// <summary>Hosts, pools and profiles share one namespace, so a declaration and its references go by name alone.</summary>
    public bool IsSymbol => Role is NameRole.Declaration or NameRole.Reference;
}
