using Cpupolicy.Tests.Fuzz.Harness;
using Cpupolicy.Tests.Fuzz.Targets;

namespace Cpupolicy.Tests.Fuzz;

/// <summary>
/// Every input the fuzzer ever failed on, kept in Regressions/&lt;target&gt;/&lt;hash&gt; (the input's bytes, or a
/// generator seed), replayed through its target's harness: the property must hold now, within the hang limit.
/// </summary>
public class RegressionTests
{
    private static readonly FuzzPaths Paths = FuzzPaths.Discover();

    public static IEnumerable<object[]> Cases() =>
        Directory.EnumerateDirectories(Paths.RegressionsDir)
            .SelectMany(dir => Directory.EnumerateFiles(dir)
                .Where(f => Path.GetExtension(f).Length == 0)
                .Select(f => new object[] { Path.GetFileName(dir), Path.GetFileName(f) }))
            .OrderBy(c => (string)c[0], StringComparer.Ordinal)
            .ThenBy(c => (string)c[1], StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Saved_fuzz_failure_no_longer_fails(string target, string file)
    {
        var harness = FuzzTargets.Find(Paths, target);
        Assert.True(harness is not null, $"Regressions/{target}/ names no fuzz target");
        var input = File.ReadAllBytes(Path.Combine(Paths.RegressionsDir, target, file));
        using var watchdog = new Watchdog();
        var result = watchdog.Run(() => harness!.Replay(input), TimeSpan.FromSeconds(60));
        Assert.False(result.TimedOut, $"{target}/{file} still hangs");
        Assert.True(result.Error is null, $"{target}/{file} still fails: {result.Error}");
    }
}
