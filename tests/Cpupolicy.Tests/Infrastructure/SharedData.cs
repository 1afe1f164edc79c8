namespace Cpupolicy.Tests.Infrastructure;

/// <summary>
/// Finds <c>../shared/</c> (real CPU data, Xen tables, specs) beside the checkout. A test that needs it calls
/// <see cref="Require"/>: outside CI a missing folder skips the test with a message, in CI it fails.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string?> RootLazy = new(FindRoot);

    /// <summary>The shared folder, or null when it cannot be found.</summary>
    public static string? Root => RootLazy.Value;

    /// <summary>The repository root (the folder holding PolicyCompiler.sln).</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The path of a file or folder under shared/, skipping (or, in CI, failing) the test when shared/ is absent.</summary>
    public static string Require(string relative)
    {
        Peers.RequireOrSkip(Root is not null, "../shared/ (the project's shared data) was not found beside the checkout");
        var path = Path.Combine(Root!, relative);
        Assert.True(File.Exists(path) || Directory.Exists(path), $"shared/{relative} is missing");
        return path;
    }

    private static string? FindRoot()
    {
        var fromEnv = Environment.GetEnvironmentVariable("CPUPOLICY_SHARED");
        if (!string.IsNullOrEmpty(fromEnv) && Directory.Exists(fromEnv))
        {
            return Path.GetFullPath(fromEnv);
        }

        var candidate = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));
        return Directory.Exists(Path.Combine(candidate, "cpu-data")) ? candidate : null;
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PolicyCompiler.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("cannot find PolicyCompiler.sln above the test binaries");
    }
}
