using System.Diagnostics;
using System.Globalization;
using Cpupolicy.Tests.Fuzz.Harness;
using Cpupolicy.Tests.Fuzz.Targets;

namespace Cpupolicy.Fuzz;

/// <summary>The long-mode fuzz runner (the short mode is the same harness code under xunit, ShortFuzzTests).</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        RunnerArguments parsed;
        try
        {
            parsed = RunnerArguments.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"Cpupolicy.Fuzz: {e.Message}\n{RunnerArguments.Usage}");
            return 2;
        }

        var paths = FuzzPaths.Discover();
        var targets = FuzzTargets.All(paths);
        switch (parsed.Verb)
        {
            case "list":
                foreach (var t in targets)
                {
                    Console.WriteLine($"{t.Name}\n  component: {t.Component}\n  property:  {t.Property}");
                }

                return 0;
            case "replay":
                return Replay(paths, targets, parsed.Operands);
            case "promote":
                return Promote(paths);
        }

        var chosen = parsed.Verb == "all" ? targets : targets.Where(t => t.Name == parsed.Verb).ToList();
        if (chosen.Count == 0)
        {
            Console.Error.WriteLine($"Cpupolicy.Fuzz: no target `{parsed.Verb}`; `list` shows them");
            return 2;
        }

        var options = new FuzzOptions
        {
            Iterations = parsed.Iterations,
            Seed = parsed.Seed,
            TimeLimit = parsed.TimeLimit,
            InputTimeout = parsed.Timeout,
            SaveCrashes = parsed.Save,
        };
        var runner = new FuzzRunner(paths, line => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {line}"));
        var reports = new List<FuzzReport>();
        var clock = Stopwatch.StartNew();
        foreach (var target in chosen)
        {
            var report = runner.Run(target, options);
            reports.Add(report);
            Console.WriteLine(report.Summary());
            if (!report.Passed)
            {
                Console.WriteLine(report.Details());
            }
        }

        Console.WriteLine();
        Console.WriteLine("| target | executions | failures | distinct | exec/s |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var r in reports)
        {
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {r.Target} | {r.Executions} | {r.Failures} | {r.Crashes.Count} | {r.Executions / Math.Max(r.Elapsed.TotalSeconds, 0.001):F0} |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"total: {reports.Sum(r => r.Executions)} executions, {reports.Sum(r => r.Failures)} failures, {clock.Elapsed.TotalMinutes:F1} min"));
        return reports.All(r => r.Passed) ? 0 : 1;
    }

    private static int Replay(FuzzPaths paths, IReadOnlyList<FuzzTarget> targets, IReadOnlyList<string> operands)
    {
        if (operands.Count < 2 || targets.FirstOrDefault(t => t.Name == operands[0]) is not { } target)
        {
            Console.Error.WriteLine(RunnerArguments.Usage);
            return 2;
        }

        _ = paths;
        var failed = 0;
        using var watchdog = new Watchdog();
        foreach (var file in operands.Skip(1))
        {
            var input = File.ReadAllBytes(file);
            var result = watchdog.Run(() => target.Replay(input), TimeSpan.FromSeconds(60));
            Console.WriteLine(result.TimedOut ? $"{file}: HANG" : result.Error is { } e ? $"{file}: FAIL {e}" : $"{file}: ok ({result.Outcome})");
            failed += result.Outcome is null ? 1 : 0;
        }

        return failed == 0 ? 0 : 1;
    }

    /// <summary>Copies every saved crash input into the regression folder, where RegressionTests replays it.</summary>
    private static int Promote(FuzzPaths paths)
    {
        var crashes = Path.Combine(paths.RepoRoot, "fuzz", "crashes");
        if (!Directory.Exists(crashes))
        {
            Console.WriteLine("no fuzz/crashes/ folder: nothing to promote");
            return 0;
        }

        foreach (var dir in Directory.EnumerateDirectories(crashes))
        {
            var target = Path.GetFileName(dir);
            foreach (var file in Directory.EnumerateFiles(dir).Where(f => Path.GetExtension(f).Length == 0 && Path.GetFileName(f) != "inflight"))
            {
                var into = Path.Combine(paths.RegressionsDir, target);
                Directory.CreateDirectory(into);
                var destination = Path.Combine(into, Path.GetFileName(file));
                File.Copy(file, destination, overwrite: true);
                Console.WriteLine($"{file} -> {destination}");
            }
        }

        return 0;
    }
}
