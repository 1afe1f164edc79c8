using System.Collections;
using System.Numerics;

namespace Cpupolicy.Core.Database;

/// <summary>
/// An immutable set of features, stored as a bit set over <see cref="FeatureDefinition.Index"/>.
/// Value semantics: two sets with the same members are equal whatever their capacity.
/// </summary>
public sealed class FeatureSet : IEquatable<FeatureSet>, IEnumerable<int>
{
    private readonly ulong[] words;

    private FeatureSet(ulong[] words)
    {
        this.words = words;
    }

    public static FeatureSet Empty { get; } = new([]);

    public int Count => words.Sum(w => BitOperations.PopCount(w));

    public bool IsEmpty => words.All(w => w == 0);

    public static FeatureSet Of(IEnumerable<int> indices)
    {
        var list = indices.ToList();
        if (list.Count == 0)
        {
            return Empty;
        }

        var result = new ulong[(list.Max() / 64) + 1];
        foreach (var i in list)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(i);
            result[i / 64] |= 1UL << (i % 64);
        }

        return new FeatureSet(result);
    }

    public static FeatureSet Of(IEnumerable<FeatureDefinition> features) => Of(features.Select(f => f.Index));

    /// <summary>A set over these 64-bit words (bit <c>i % 64</c> of word <c>i / 64</c> is feature <c>i</c>); takes ownership.</summary>
    internal static FeatureSet FromWords(ulong[] bits) => bits.Length == 0 ? Empty : new FeatureSet(bits);

    /// <summary>The set's words without trailing zero words (the form <see cref="Schema.DatabaseImage"/> stores).</summary>
    internal ReadOnlySpan<ulong> TrimmedWords()
    {
        var n = words.Length;
        while (n > 0 && words[n - 1] == 0)
        {
            n--;
        }

        return words.AsSpan(0, n);
    }

    public bool Contains(int index) =>
        index >= 0 && index / 64 < words.Length && (words[index / 64] & (1UL << (index % 64))) != 0;

    public bool Contains(FeatureDefinition feature) => Contains(feature.Index);

    public FeatureSet Add(int index) => Union(Of([index]));

    public FeatureSet Remove(int index) => Except(Of([index]));

    public FeatureSet Union(FeatureSet other) => Combine(other, (a, b) => a | b, Math.Max(words.Length, other.words.Length));

    public FeatureSet Intersect(FeatureSet other) => Combine(other, (a, b) => a & b, Math.Min(words.Length, other.words.Length));

    public FeatureSet Except(FeatureSet other) => Combine(other, (a, b) => a & ~b, words.Length);

    // Subset and overlap tests allocate nothing: host decoding asks them once per feature of every host.
    public bool IsSubsetOf(FeatureSet other)
    {
        for (var i = 0; i < words.Length; i++)
        {
            if ((words[i] & ~other.WordAt(i)) != 0)
            {
                return false;
            }
        }

        return true;
    }

    public bool Overlaps(FeatureSet other)
    {
        var n = Math.Min(words.Length, other.words.Length);
        for (var i = 0; i < n; i++)
        {
            if ((words[i] & other.words[i]) != 0)
            {
                return true;
            }
        }

        return false;
    }

    public static FeatureSet operator |(FeatureSet a, FeatureSet b) => a.Union(b);

    public static FeatureSet operator &(FeatureSet a, FeatureSet b) => a.Intersect(b);

    public static FeatureSet operator -(FeatureSet a, FeatureSet b) => a.Except(b);

    public IEnumerator<int> GetEnumerator()
    {
        for (var w = 0; w < words.Length; w++)
        {
            var word = words[w];
            while (word != 0)
            {
                var bit = BitOperations.TrailingZeroCount(word);
                yield return (w * 64) + bit;
                word &= word - 1;
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(FeatureSet? other)
    {
        if (other is null)
        {
            return false;
        }

        var n = Math.Max(words.Length, other.words.Length);
        for (var i = 0; i < n; i++)
        {
            if (WordAt(i) != other.WordAt(i))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as FeatureSet);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        var last = words.Length - 1;
        while (last >= 0 && words[last] == 0)
        {
            last--;
        }

        for (var i = 0; i <= last; i++)
        {
            hash.Add(words[i]);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => $"{{{string.Join(", ", this)}}}";

    private ulong WordAt(int i) => i < words.Length ? words[i] : 0;

    private FeatureSet Combine(FeatureSet other, Func<ulong, ulong, ulong> op, int length)
    {
        var result = new ulong[length];
        for (var i = 0; i < length; i++)
        {
            result[i] = op(WordAt(i), other.WordAt(i));
        }

        return new FeatureSet(result);
    }
}
