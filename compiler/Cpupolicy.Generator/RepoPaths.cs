namespace Cpupolicy.Generator;

/// <summary>Default locations, relative to the repository (the folder holding PolicyCompiler.sln).</summary>
public static class RepoPaths
{
    /// <summary>Where the generated data files go (and the compiler embeds them from).</summary>
    public const string DataFolder = "compiler/Cpupolicy.Compiler/Database/Data";

    /// <summary>The checked-in sources the generator reads (<c>data/</c>, one folder per source).</summary>
    public const string SourceDataFolder = "data";

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
}
