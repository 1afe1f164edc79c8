using System.Diagnostics;
using Cpupolicy.Hooks;
using Cpupolicy.Tests.Hooks;
using Xunit.Abstractions;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Reliability;

/// <summary>
/// 32 libvirt hook processes at once on one bundle while <c>compile --out</c> replaces it several times: every run
/// reads the old bundle or the new one, whole. The two policies send <c>web-01</c> to different profiles, so each
/// run's rewritten XML says which bundle it read; on-error is <c>refuse</c>, so a torn or missing bundle would show
/// as exit 1 rather than hide behind an allowed start.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class BundleSwapTests(ITestOutputHelper output) : IDisposable
{
    private const int Hooks = 32;
    private const int Swaps = 4;

    private readonly FaultFolder folder = new();

    [Fact]
    public void Concurrent_hooks_see_the_old_or_the_new_bundle_never_a_mixture()
    {
        var live = folder.CompileInto(FaultFolder.OldPolicy, "live");
        var other = folder.CompileInto(FaultFolder.NewPolicy, "other");
        var oldPolicy = folder.Write("old.cpupolicy", FaultFolder.OldPolicy);
        var newPolicy = folder.Write("new.cpupolicy", FaultFolder.NewPolicy);
        var xml = HookPolicy.Domain("web-01", "<cpu mode='host-passthrough'/>");
        var expectedOld = Hook(Path.Combine(live, "bundle.json"), xml);
        var expectedNew = Hook(Path.Combine(other, "bundle.json"), xml);
        Assert.True(expectedOld.ExitCode == 0 && expectedNew.ExitCode == 0, expectedOld.Stderr + expectedNew.Stderr);
        Assert.NotEqual(expectedOld.Stdout, expectedNew.Stdout);

        var bundle = Path.Combine(live, "bundle.json");
        var swapsDone = 0;
        var compileFailures = new List<string>();
        var replacer = new Thread(() =>
        {
            for (var i = 0; i < Swaps; i++)
            {
                var result = FaultFolder.Compile(i % 2 == 0 ? newPolicy : oldPolicy, live);
                if (result.ExitCode != 0)
                {
                    lock (compileFailures)
                    {
                        compileFailures.Add(result.Stderr);
                    }
                }

                Interlocked.Increment(ref swapsDone);
            }
        });

        var results = new List<ProcessResult>();
        var budget = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, Hooks).Select(_ => new Thread(() =>
        {
            do
            {
                var r = Hook(bundle, xml);
                lock (results)
                {
                    results.Add(r);
                }
            }
            while (Volatile.Read(ref swapsDone) < Swaps && budget.Elapsed < TimeSpan.FromSeconds(60));
        })).ToList();
        replacer.Start();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        replacer.Join();

        Assert.Empty(compileFailures);
        var old = results.Count(r => r.Stdout.AsSpan().SequenceEqual(expectedOld.Stdout));
        var fresh = results.Count(r => r.Stdout.AsSpan().SequenceEqual(expectedNew.Stdout));
        output.WriteLine($"{results.Count} hook runs in {budget.Elapsed.TotalSeconds:F1} s, {swapsDone} swaps: {old} saw the old bundle, {fresh} the new one");
        foreach (var r in results)
        {
            Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.Stderr}");
            var isOld = r.Stdout.AsSpan().SequenceEqual(expectedOld.Stdout);
            Assert.True(isOld || r.Stdout.AsSpan().SequenceEqual(expectedNew.Stdout), $"neither bundle's output:\n{r.StdoutText}\n{r.Stderr}");
            Assert.Contains(isOld ? "profile `safe`" : "profile `small`", r.Stderr, StringComparison.Ordinal);
        }

        Assert.True(old > 0 && fresh > 0, $"the swaps did not overlap the runs: old {old}, new {fresh}");
    }

    public void Dispose() => folder.Dispose();

    private static ProcessResult Hook(string bundle, string xml) => ChildProcess.Run(
        ChildProcess.Dotnet,
        [FaultFolder.HookDll, "hook", "libvirt", "--", "web-01", "migrate", "begin", "-"],
        new Dictionary<string, string?>
        {
            [HookConfig.BundleVariable] = bundle,
            [HookConfig.OnErrorVariable] = "refuse",
            [HookLog.SocketVariable] = "none",
        },
        ChildProcess.Text(xml),
        FaultFolder.Deadline);
}
