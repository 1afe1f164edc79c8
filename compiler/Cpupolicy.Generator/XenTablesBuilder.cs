using System.Globalization;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Database.Schema;
using Cpupolicy.Generator.Sources;

namespace Cpupolicy.Generator;

/// <summary>
/// Builds features.json's <c>xen_tables</c>: Xen's featureset layout (from each release's <c>words</c>; words are only
/// ever appended, so one table serves every release, and a word that changed meaning between releases is an error),
/// each release's FEATURESET_NR_ENTRIES, and libxl's legacy key table with the featureset bit each key sets.
/// </summary>
public static class XenTablesBuilder
{
    public static XenTablesRecord Build(
        IReadOnlyList<XenFeatureset> releases, IReadOnlyList<(string Key, Coordinate Coordinate, int Width)> libxlKeys, IReadOnlyList<FeatureRecord> features)
    {
        var sources = new SortedDictionary<int, string>();
        foreach (var release in releases)
        {
            foreach (var (index, source) in release.Words)
            {
                if (sources.TryGetValue(index, out var earlier) && earlier != source)
                {
                    throw new InvalidDataException($"Xen featureset word {index} is `{earlier}` in one release and `{source}` in {release.Release}");
                }

                sources[index] = source;
            }
        }

        if (sources.Keys.Select((index, i) => index != i).Any(gap => gap))
        {
            throw new InvalidDataException($"Xen featureset words are not numbered 0..{sources.Count - 1}");
        }

        var words = sources.Select(p => Word(p.Key, p.Value)).ToList();
        var xenBits = features.Where(f => f.Xen is not null).Select(f => (f.Xen!.Word, f.Xen.Bit)).ToHashSet();
        var keys = libxlKeys.Select(k =>
        {
            var c = k.Coordinate;
            var word = k.Width == 1
                ? words.FirstOrDefault(w => w.Leaf == c.Leaf && w.Subleaf == c.Subleaf && string.Equals(w.Register, c.Register!.Value.ToString(), StringComparison.OrdinalIgnoreCase))
                : null;
            return word is not null && xenBits.Contains((word.Index, c.Bit))
                ? new LibxlKeyRecord { Key = k.Key, Word = word.Index, Bit = c.Bit }
                : new LibxlKeyRecord { Key = k.Key };
        }).ToList();

        return new XenTablesRecord
        {
            Words = words,
            WordCounts = new SortedDictionary<string, int>(releases.ToDictionary(r => r.Release, r => r.WordCount), StringComparer.Ordinal),
            LibxlLegacyKeys = keys,
        };
    }

    /// <summary>A word record from its source, labelled as Xen labels it (<see cref="Abbreviation"/>).</summary>
    private static XenWordRecord Word(int index, string source)
    {
        var at = XenSource.ParseWordSource(source)(0);
        return at.IsMsr
            ? new XenWordRecord { Index = index, Abbr = Abbreviation(at), Msr = at.Msr, MsrHalf = at.Bit == 32 ? "high" : "low" }
            : new XenWordRecord
            {
                Index = index, Abbr = Abbreviation(at), Leaf = at.Leaf, Subleaf = at.Subleaf, Register = at.Register!.Value.ToString().ToLowerInvariant(),
            };
    }

    /// <summary>
    /// Xen's label of a word (<c>FEATURESET_*</c> in cpufeatureset.h, the rows of <c>xen-cpuid</c>): the leaf in upper-case
    /// hex without leading zeros (an extended leaf as <c>e</c> and its offset from 0x80000000), the register's letter,
    /// then the subleaf if the leaf has one: <c>1d</c>, <c>7b0</c>, <c>Da1</c>, <c>e21a</c>; an MSR word is <c>m</c>, the
    /// index and <c>l</c>/<c>h</c> for its low or high half: <c>m10Al</c>.
    /// </summary>
    public static string Abbreviation(Coordinate at)
    {
        if (at.IsMsr)
        {
            return $"m{at.Msr!.Value.ToString("X", CultureInfo.InvariantCulture)}{(at.Bit == 32 ? 'h' : 'l')}";
        }

        var leaf = at.Leaf!.Value;
        var number = leaf >= 0x80000000 ? "e" + (leaf - 0x80000000).ToString("X", CultureInfo.InvariantCulture) : leaf.ToString("X", CultureInfo.InvariantCulture);
        return $"{number}{at.Register.ToString()!.ToLowerInvariant()[1]}{at.Subleaf?.ToString(CultureInfo.InvariantCulture)}";
    }
}
