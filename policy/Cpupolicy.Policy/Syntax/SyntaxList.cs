namespace Cpupolicy.Policy.Syntax;

/// <summary>Builds <see cref="SyntaxList{T}"/>s (also the target of collection expressions such as <c>[a, b]</c>).</summary>
public static class SyntaxList
{
    public static SyntaxList<T> Create<T>(ReadOnlySpan<T> items) => new(items.IsEmpty ? [] : items.ToArray());

    public static SyntaxList<T> ToSyntaxList<T>(this IEnumerable<T> items) => new(items.ToArray());
}
