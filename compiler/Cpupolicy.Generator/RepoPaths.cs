namespace Cpupolicy.Generator;

/// <summary>Default locations, relative to the repository (the folder holding PolicyCompiler.sln).</summary>
public static class RepoPaths
{
    public const string DataFolder = "compiler/Cpupolicy.Core/Database/Data";

    /// <summary>The repository root above <paramref name="start"/>, or null.</summary>
    public static string? FindRepoRoot(string start)
    {
        var dir = new DirectoryInfo(start);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PolicyCompiler.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName;
    }

    /// <summary>$CPUPOLICY_SHARED, else ../shared beside the checkout.</summary>
    public static string DefaultShared(string repoRoot)
    {
        var fromEnv = Environment.GetEnvironmentVariable("CPUPOLICY_SHARED");
        return !string.IsNullOrEmpty(fromEnv) ? fromEnv : Path.GetFullPath(Path.Combine(repoRoot, "..", "shared"));
    }
}
