namespace Cpupolicy.Policy.Parsing;

/// <summary>"Did you mean" for the handful of fixed words of the syntax (keywords, functions, vendors).</summary>
internal static class Suggestions
{
    /// <summary>The candidate closest to <paramref name="word"/>, if it is close enough to be a likely typo.</summary>
    public static string? Closest(string word, IEnumerable<string> candidates)
    {
        // A case-only difference (`Host`, `Intel`) is the likeliest mistake of all.
        var sameLetters = candidates.FirstOrDefault(c => string.Equals(c, word, StringComparison.OrdinalIgnoreCase));
        if (sameLetters is not null)
        {
            return sameLetters;
        }

        var lower = word.ToLowerInvariant();
        var limit = Math.Max(1, Math.Min(2, lower.Length / 3));
        return candidates
            .Select(c => (candidate: c, distance: Distance(lower, c)))
            .Where(x => x.distance <= limit)
            .OrderBy(x => x.distance)
            .Select(x => x.candidate)
            .FirstOrDefault();
    }

    /// <summary>Optimal string alignment distance: insert, delete, substitute and swap of neighbours cost 1.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
