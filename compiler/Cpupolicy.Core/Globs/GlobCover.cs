namespace Cpupolicy.Core.Globs;

/// <summary>
/// Glob patterns with <c>*</c> and <c>?</c>: matching, and whether one pattern covers another (every name the second
/// matches, the first matches too), which is how a later <c>vm</c> rule is found to be shadowed by an earlier one.
/// </summary>
public static class GlobCover
{
    public static bool Matches(string glob, string name) => Covers(glob, 0, name, 0, literalOnly: true, new Dictionary<(int, int), bool>());

    /// <summary>True when every string <paramref name="inner"/> matches is also matched by <paramref name="outer"/>.</summary>
    public static bool Covers(string outer, string inner) => Covers(outer, 0, inner, 0, literalOnly: false, new Dictionary<(int, int), bool>());

    private static bool Covers(string a, int i, string b, int j, bool literalOnly, Dictionary<(int, int), bool> memo)
    {
        if (memo.TryGetValue((i, j), out var known))
        {
            return known;
        }

        bool result;
        if (i == a.Length)
        {
            result = j == b.Length;
        }
        else if (a[i] == '*')
        {
            // The outer star takes nothing, or swallows the inner's next token (a character, a `?` or a `*`).
            result = Covers(a, i + 1, b, j, literalOnly, memo) || (j < b.Length && Covers(a, i, b, j + 1, literalOnly, memo));
        }
        else if (j == b.Length)
        {
            result = false;
        }
        else if (!literalOnly && b[j] == '*')
        {
            // The inner star can produce any string; only an outer star can follow it.
            result = false;
        }
        else if (!literalOnly && b[j] == '?')
        {
            result = a[i] == '?' && Covers(a, i + 1, b, j + 1, literalOnly, memo);
        }
        else
        {
            result = (a[i] == '?' || a[i] == b[j]) && Covers(a, i + 1, b, j + 1, literalOnly, memo);
        }

        memo[(i, j)] = result;
        return result;
    }
}
