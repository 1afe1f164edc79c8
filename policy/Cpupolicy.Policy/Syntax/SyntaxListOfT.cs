using System.Collections;
using System.Runtime.CompilerServices;

namespace Cpupolicy.Policy.Syntax;

/// <summary>
/// An immutable list with value equality. Records compare lists by reference, which would make two identical
/// trees unequal; the round-trip law (parse ∘ print = id) needs trees to compare by content.
/// </summary>
[CollectionBuilder(typeof(SyntaxList), nameof(SyntaxList.Create))]
public sealed class SyntaxList<T> : IReadOnlyList<T>, IEquatable<SyntaxList<T>>
{
    private readonly T[] items;

    internal SyntaxList(T[] items)
    {
        this.items = items;
    }

    public int Count => items.Length;

    public T this[int index] => items[index];

    public bool Equals(SyntaxList<T>? other) =>
        other is not null && (ReferenceEquals(this, other) || items.AsSpan().SequenceEqual(other.items, EqualityComparer<T>.Default));

    public override bool Equals(object? obj) => Equals(obj as SyntaxList<T>);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => items.GetEnumerator();

    public override string ToString() => "[" + string.Join(", ", items) + "]";
}
