namespace Cpupolicy.Tests.Fuzz.Harness;

/// <summary>
/// Where the fuzzer finds its seeds and puts its findings. Found from the repository root (the folder holding
/// PolicyCompiler.sln), so the console runner and the test project agree whatever their working directory.
/// </summary>
public sealed record FuzzPaths(string RepoRoot)
{
    /// <summary>Hand-picked small seed files, one folder per target (<c>fuzz/corpus/&lt;target&gt;/</c>).</summary>
    public string CorpusDir(string target) => Path.Combine(RepoRoot, "fuzz", "corpus", target);

    /// <summary>Inputs that failed a property (<c>fuzz/crashes/&lt;target&gt;/&lt;hash&gt;</c>), not committed.</summary>
    public string CrashDir(string target) => Path.Combine(RepoRoot, "fuzz", "crashes", target);

    /// <summary>Crashes promoted to permanent regression tests, replayed by <c>RegressionTests</c>.</summary>
    public string RegressionsDir => Path.Combine(RepoRoot, "tests", "Cpupolicy.Tests", "Fuzz", "Regressions");

    /// <summary>A path under the repository.</summary>
    public string Repo(params string[] parts) => Path.Combine([RepoRoot, .. parts]);

    /// <summary>A path under the checked-in real-world data (<c>data/</c>: libvirt's CPU data, the inventory samples).</summary>
    public string Data(params string[] parts) => Path.Combine([RepoRoot, "data", .. parts]);

    public static FuzzPaths Discover()
    {
        var root = FindRepoRoot(AppContext.BaseDirectory) ?? FindRepoRoot(Directory.GetCurrentDirectory())
            ?? throw new InvalidOperationException("cannot find PolicyCompiler.sln above the fuzzer or the current directory");
        return new FuzzPaths(root);
    }

    private static string? FindRepoRoot(string start)
    {
        var dir = new DirectoryInfo(start);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PolicyCompiler.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName;
    }
}
