namespace Cpupolicy.Core.Database;

/// <summary>"Did you mean" hints: the known names closest to an unknown one by edit distance over <see cref="NameKey"/>s.</summary>
public static class NameSuggester
{
    public static IReadOnlyList<string> Suggest(string unknown, IEnumerable<string> known, int max = 3)
    {
        var key = NameKey.Of(unknown);
        var limit = Math.Max(2, key.Length / 3);
        return known
            .Distinct(StringComparer.Ordinal)
            .Select(name => (name, nameKey: NameKey.Of(name)))
            // The distance is at least the difference in length: skipping names that cannot be within the limit keeps
            // the hint linear in a hostile, megabytes-long unknown name (found by the fuzzer) and changes no result.
            .Where(x => Math.Abs(x.nameKey.Length - key.Length) <= limit || (key.Length >= 3 && x.nameKey.StartsWith(key, StringComparison.Ordinal)))
            .Select(x => (x.name, distance: Distance(key, x.nameKey), x.nameKey))
            .Where(x => x.distance <= limit || (key.Length >= 3 && x.nameKey.StartsWith(key, StringComparison.Ordinal)))
            .OrderBy(x => x.distance)
            .ThenBy(x => x.name, StringComparer.Ordinal)
            .Take(max)
            .Select(x => x.name)
            .ToList();
    }

    /// <summary>The one wording of a "did you mean" hint (<c>did you mean `a`, `b`?</c>), or null when nothing is close.</summary>
    public static string? DidYouMean(IReadOnlyList<string> suggestions) =>
        suggestions.Count == 0 ? null : $"did you mean {string.Join(", ", suggestions.Select(s => $"`{s}`"))}?";

    /// <summary>Levenshtein distance (insert, delete, substitute all cost 1).</summary>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
