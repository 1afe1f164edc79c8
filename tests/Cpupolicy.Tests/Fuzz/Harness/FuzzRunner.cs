using System.Diagnostics;

namespace Cpupolicy.Tests.Fuzz.Harness;

/// <summary>
/// The fuzzing loop, shared by the console runner (long mode) and the xunit short mode. Each seed runs once as it
/// is; after that each execution takes either a freshly generated input (FsCheck generators) or a mutant of an input
/// from the pool. An input that reaches a new outcome signature joins the pool. Every execution runs under the
/// <see cref="Watchdog"/>; a hang is a failure and ends the target.
/// </summary>
public sealed class FuzzRunner(FuzzPaths paths, Action<string>? log = null)
{
    private const int MaxPool = 4096;
    private const int MaxSavedPerSignature = 3;

    /// <summary>The seed inputs: the target's corpus folders (<see cref="FuzzTarget.CorpusNames"/>) and the files the target names in tests/, examples and data/.</summary>
    public IReadOnlyList<byte[]> Seeds(FuzzTarget target)
    {
        var files = new List<string>();
        foreach (var corpus in target.CorpusNames.Select(paths.CorpusDir).Where(Directory.Exists))
        {
            files.AddRange(Directory.EnumerateFiles(corpus).Order(StringComparer.Ordinal));
        }

        files.AddRange(target.ExternalSeeds(paths).Where(File.Exists));
        return files
            .Select(File.ReadAllBytes)
            .Select(b => b.Length > target.MaxInputBytes ? b[..target.MaxInputBytes] : b)
            .ToList();
    }

    public FuzzReport Run(FuzzTarget target, FuzzOptions options)
    {
        var clock = Stopwatch.StartNew();
        var store = new CrashStore(paths, target.Name);
        var crashes = new Dictionary<string, CrashRecord>(StringComparer.Ordinal);
        var saved = new Dictionary<string, int>(StringComparer.Ordinal);
        var failures = 0;
        var hangs = 0;
        foreach (var died in options.SaveCrashes ? store.RecoverInFlight() : [])
        {
            failures++;
            crashes[$"process died ({died})"] = new CrashRecord("process died", $"a previous run died on {died}", File.ReadAllBytes(died), died);
        }

        var random = new Random(options.Seed);
        var mutator = new Mutator(random, target.TokenBytes, target.MaxInputBytes);
        var pool = Seeds(target).ToList();
        var queue = new Queue<byte[]>(pool);
        if (pool.Count == 0)
        {
            pool.Add([]);
        }

        var outcomes = new HashSet<string>(StringComparer.Ordinal);
        using var watchdog = new Watchdog();
        var executions = 0;
        var lastLog = clock.Elapsed;
        while ((options.EverySeed && queue.Count > 0) || (executions < options.Iterations && (options.TimeLimit is not { } limit || clock.Elapsed < limit)))
        {
            byte[]? input;
            int? generatorSeed = null;
            if (queue.Count > 0)
            {
                input = queue.Dequeue();
            }
            else if (target.HasGenerator && random.Next(100) < options.GeneratedPercent)
            {
                generatorSeed = random.Next();
                input = null;
            }
            else
            {
                input = mutator.Mutate(pool[random.Next(pool.Count)], pool[random.Next(pool.Count)]);
            }

            byte[]? ran = input;
            if (options.SaveCrashes && input is not null)
            {
                store.MarkInFlight(input);
            }

            var result = watchdog.Run(
                () =>
                {
                    ran = input ?? target.Generate(generatorSeed!.Value) ?? [];
                    return target.Execute(ran);
                },
                options.InputTimeout);
            executions++;

            if (result.Outcome is { } outcome)
            {
                if (outcomes.Add(outcome) && ran is not null)
                {
                    AddToPool(pool, ran, random);
                }
            }
            else
            {
                failures++;
                // A generator failure has no input to save: the seed replays it (FuzzTarget.Replay).
                var evidence = generatorSeed is { } s && (ran is null || ReferenceEquals(ran, input))
                    ? System.Text.Encoding.UTF8.GetBytes($"{FuzzTarget.GeneratedHeader}{s}\n")
                    : ran ?? [];
                var signature = result.TimedOut ? "hang" : Signature(result.Error!);
                var description = result.TimedOut
                    ? $"hang: {options.InputTimeout.TotalSeconds:F0} s of CPU (or {options.InputTimeout.TotalSeconds * Watchdog.BlockedFactor:F0} s blocked) without a result"
                    : Describe(result.Error!);
                if (result.TimedOut)
                {
                    hangs++;
                }

                if (crashes.TryGetValue(signature, out var known))
                {
                    known.Count++;
                }

                string? path = null;
                if (options.SaveCrashes && saved.GetValueOrDefault(signature) < MaxSavedPerSignature)
                {
                    path = store.Save(evidence, $"target: {target.Name}\nsignature: {signature}\n{description}");
                    saved[signature] = saved.GetValueOrDefault(signature) + 1;
                }

                if (known is null)
                {
                    crashes[signature] = new CrashRecord(signature, description, evidence, path);
                    log?.Invoke($"{target.Name}: NEW FAILURE {signature}{(path is null ? string.Empty : $" -> {path}")}");
                }

                if (result.TimedOut)
                {
                    log?.Invoke($"{target.Name}: stopping after a hang (the stuck worker cannot be reclaimed)");
                    break;
                }
            }

            if (log is not null && clock.Elapsed - lastLog > TimeSpan.FromSeconds(30))
            {
                lastLog = clock.Elapsed;
                log($"{target.Name}: {executions} executions, {failures} failures, {outcomes.Count} outcomes, {executions / clock.Elapsed.TotalSeconds:F0}/s");
            }
        }

        if (options.SaveCrashes && hangs == 0)
        {
            store.ClearInFlight();
        }

        return new FuzzReport(target.Name, executions, failures, hangs, crashes.Values.ToList(), outcomes.Count, pool.Count, clock.Elapsed);
    }

    private static void AddToPool(List<byte[]> pool, byte[] input, Random random)
    {
        if (pool.Count < MaxPool)
        {
            pool.Add(input);
        }
        else
        {
            pool[random.Next(pool.Count)] = input;
        }
    }

    /// <summary>What identifies a failure: the property's message shape, or the exception type and where it was thrown.</summary>
    public static string Signature(Exception error)
    {
        if (error is FuzzPropertyException property)
        {
            return "property: " + Outcome.Shape(property.Message.Split('\n')[0]);
        }

        var frame = error.StackTrace?
            .Split('\n')
            .Select(l => l.Trim())
            .FirstOrDefault(l => l.StartsWith("at Cpupolicy.", StringComparison.Ordinal) && !l.StartsWith("at Cpupolicy.Tests.Fuzz", StringComparison.Ordinal))
            ?? error.StackTrace?.Split('\n').FirstOrDefault()?.Trim() ?? "?";
        var paren = frame.IndexOf('(', StringComparison.Ordinal);
        return $"{error.GetType().Name} {(paren > 0 ? frame[..paren] : frame)}";
    }

    private static string Describe(Exception error) => error is FuzzPropertyException ? $"property failed: {error}" : $"unexpected exception: {error}";
}
