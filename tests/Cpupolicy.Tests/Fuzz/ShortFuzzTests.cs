using System.Globalization;
using Cpupolicy.Tests.Fuzz.Harness;
using Cpupolicy.Tests.Fuzz.Targets;

namespace Cpupolicy.Tests.Fuzz;

/// <summary>
/// The short mode of every fuzz target, run with the tests: every seed once (each corpus folder the target reads,
/// the inputs AFL++ kept included, and its files from tests/, examples and data/), then mutants and FsCheck-generated
/// inputs up to a few hundred executions, fixed seed, the same harness code as the long runs of fuzz/Cpupolicy.Fuzz.
/// A failure prints the crash file to promote into Regressions/ (fuzz/README.md). CPUPOLICY_FUZZ_ITERATIONS and
/// CPUPOLICY_FUZZ_SEED change the budget and the seed.
/// </summary>
public class ShortFuzzTests
{
    private static readonly FuzzPaths Paths = FuzzPaths.Discover();

    public static IEnumerable<object[]> Targets() => FuzzTargets.All(Paths).Select(t => new object[] { t.Name });

    [Theory]
    [MemberData(nameof(Targets))]
    public void Short_fuzz_run_finds_no_failure(string target)
    {
        var harness = FuzzTargets.Find(Paths, target)!;
        var options = new FuzzOptions
        {
            Iterations = FromEnvironment("CPUPOLICY_FUZZ_ITERATIONS", harness.Name.StartsWith("cli-", StringComparison.Ordinal) ? 100 : 300),
            Seed = FromEnvironment("CPUPOLICY_FUZZ_SEED", 20251122),
            // A cap, not a performance bound: on an idle 2-core machine every target finishes its budget in a few
            // seconds; on a loaded one the run stops at the cap with fewer executions rather than hold up the suite.
            TimeLimit = TimeSpan.FromSeconds(15),
            InputTimeout = TimeSpan.FromSeconds(20),
            EverySeed = true,
        };
        var runner = new FuzzRunner(Paths);
        var report = runner.Run(harness, options);
        Assert.True(report.Passed, report.Summary() + "\n" + report.Details());
        Assert.True(report.Executions > 0, $"{target} ran nothing");
        var seeds = runner.Seeds(harness).Count;
        Assert.True(report.Executions >= seeds, $"{target} ran {report.Executions} inputs but has {seeds} seeds: some seed was never replayed");
    }

    [Fact]
    public void Every_corpus_folder_is_replayed_by_some_target()
    {
        // A folder no target reads (an AFL++ queue's kept inputs filed under a target that reads another target's
        // corpus, say) would look tested and never run.
        var read = FuzzTargets.All(Paths).SelectMany(t => t.CorpusNames).ToHashSet(StringComparer.Ordinal);
        var unread = Directory.EnumerateDirectories(Path.Combine(Paths.RepoRoot, "fuzz", "corpus"))
            .Select(Path.GetFileName)
            .Where(name => !read.Contains(name!))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(unread.Count == 0, $"fuzz/corpus/ folders no target replays: {string.Join(", ", unread)}");
    }

    private static int FromEnvironment(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
