using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Backends;

/// <summary>
/// Checked-in files that a test regenerates: it fails when the file differs from what the code produces, and
/// rewrites it instead when <c>UPDATE_GOLDEN=1</c> (review the diff before committing).
/// </summary>
public static class Golden
{
    public static bool Updating => Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1";

    /// <summary>Compares (or, when updating, writes) a file given relative to the repository root.</summary>
    public static void Check(string relativePath, string expected)
    {
        var path = Path.Combine(RepoData.RepoRoot, relativePath);
        var actual = File.Exists(path) ? File.ReadAllText(path) : null;
        if (actual == expected)
        {
            return;
        }

        if (Updating)
        {
            File.WriteAllText(path, expected);
            return;
        }

        var firstDifference = actual is null
            ? "the file is missing"
            : $"first difference at line {FirstDifferentLine(actual, expected)}";
        Assert.Fail($"{relativePath} is out of date ({firstDifference}); regenerate it with UPDATE_GOLDEN=1 and review the diff");
    }

    private static int FirstDifferentLine(string a, string b)
    {
        var left = a.Split('\n');
        var right = b.Split('\n');
        var i = 0;
        while (i < left.Length && i < right.Length && left[i] == right[i])
        {
            i++;
        }

        return i + 1;
    }
}
