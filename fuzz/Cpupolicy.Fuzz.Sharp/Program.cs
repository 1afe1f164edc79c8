using Cpupolicy.Tests.Fuzz.Harness;
using Cpupolicy.Tests.Fuzz.Targets;
using SharpFuzz;

namespace Cpupolicy.Fuzz.Sharp;

/// <summary>
/// <c>Cpupolicy.Fuzz.Sharp TARGET</c> under afl-fuzz: runs one harness of <see cref="FuzzTargets"/> on each input AFL++
/// sends. A harness that returns is a pass; one that throws (the property failed, or the code under test threw what
/// it must not) is a crash that AFL++ saves in its <c>crashes/</c> folder, and a stack overflow kills the child, which
/// AFL++ also counts as a crash. Without AFL++:
/// <list type="bullet">
/// <item><c>list</c>: the target names;</item>
/// <item><c>seeds TARGET DIR</c>: writes the target's seeds into DIR (the files of fuzz/corpus and the files the target
/// reads from tests/, examples and data/, as the FsCheck-guided runner uses them, plus 64 inputs of its FsCheck
/// generators), the starting corpus of an AFL++ run;</item>
/// <item><c>replay TARGET [--save] [--record DIR] FILE...</c>: runs saved inputs once each, in this one process and in
/// order (so a queue and its crashes replay with the process reuse of a fuzzing child); with <c>--save</c>, each
/// failing input is also saved in fuzz/crashes/TARGET/ like the other runner's crashes, so <c>Cpupolicy.Fuzz
/// promote</c> turns it into a regression test; with <c>--record</c>, each input is first looked up in the children's
/// <see cref="ChildRecord"/> (did it throw under AFL++, did a child die running it, or neither).</item>
/// </list>
/// Under AFL++ with <see cref="ChildRecord.Variable"/> set, each child keeps that record. Without AFL++, <c>TARGET</c>
/// alone runs the one input on stdin through SharpFuzz, which is how an instrumented build replays an input.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var paths = FuzzPaths.Discover();
        if (args.Length == 1 && args[0] != "list")
        {
            return Fuzz(paths, args[0]);
        }

        var targets = FuzzTargets.All(paths);
        if (args.Length == 0 || args[0] == "list")
        {
            foreach (var t in targets)
            {
                Console.WriteLine(t.Name);
            }

            return args.Length == 0 ? 2 : 0;
        }

        var verb = args[0] is "seeds" or "replay" ? args[0] : null;
        var name = verb is null ? args[0] : args.ElementAtOrDefault(1);
        var target = targets.FirstOrDefault(t => t.Name == name);
        if (target is null)
        {
            Console.Error.WriteLine($"Cpupolicy.Fuzz.Sharp: no target `{name}`; `list` shows them");
            return 2;
        }

        switch (verb)
        {
            case "seeds" when args.Length == 3:
                return WriteSeeds(paths, target, args[2]);
            case "replay":
                var files = args[2..].ToList();
                var save = files.Remove("--save");
                var recordAt = files.IndexOf("--record");
                string? record = null;
                if (recordAt >= 0 && recordAt + 1 < files.Count)
                {
                    record = files[recordAt + 1];
                    files.RemoveRange(recordAt, 2);
                }

                return Replay(paths, target, files, save, record);
            case "seeds":
                Console.Error.WriteLine("Cpupolicy.Fuzz.Sharp: seeds TARGET DIR");
                return 2;
        }

        Console.Error.WriteLine("Cpupolicy.Fuzz.Sharp: TARGET | list | seeds TARGET DIR | replay TARGET [--save] [--record DIR] FILE...");
        return 2;
    }

    /// <summary>
    /// SharpFuzz's out-of-process mode: a child .NET process runs input after input (cpupolicy's assemblies loaded and
    /// JIT-compiled once; the harnesses keep no state between inputs), and when it dies (a stack overflow, a kill on
    /// a hang) the parent reports the input as a crash and starts another child. The in-process mode
    /// (<c>Fuzzer.Run</c>) lost AFL++'s fork server instead, which ended a whole run. The target is made inside the
    /// first run: instrumented code may run only once SharpFuzz has attached AFL++'s coverage map (before that it
    /// writes through a null map and the process dies), which is also why the other verbs run from an uninstrumented
    /// copy.
    /// </summary>
    private static int Fuzz(FuzzPaths paths, string name)
    {
        FuzzTarget? target = null;
        var recordDir = Environment.GetEnvironmentVariable(ChildRecord.Variable);
        ChildRecord? record = null;
        Fuzzer.OutOfProcess.Run(stream =>
        {
            target ??= FuzzTargets.Find(paths, name) ?? throw new ArgumentException($"no fuzz target `{name}`");
            // Only a child runs this: SharpFuzz's server, the same program, never calls the action.
            record ??= string.IsNullOrEmpty(recordDir) ? null : ChildRecord.Start(recordDir);
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var input = buffer.ToArray();
            record?.Begin(input);
            try
            {
                target.Execute(input);
            }
            catch (Exception e) when (record is not null)
            {
                record.Thrown(input, e);
                throw;
            }
            finally
            {
                record?.End();
            }
        });
        return 0;
    }

    private static int WriteSeeds(FuzzPaths paths, FuzzTarget target, string dir)
    {
        Directory.CreateDirectory(dir);
        var seeds = new FuzzRunner(paths).Seeds(target).ToList();
        if (target.HasGenerator)
        {
            for (var seed = 0; seed < 64; seed++)
            {
                if (target.Generate(seed) is { } generated)
                {
                    seeds.Add(generated);
                }
            }
        }

        var written = 0;
        foreach (var seed in seeds.Where(s => s.Length > 0).DistinctBy(CrashStore.Hash))
        {
            File.WriteAllBytes(Path.Combine(dir, CrashStore.Hash(seed)), seed);
            written++;
        }

        Console.Error.WriteLine($"{target.Name}: {written} seeds in {dir}");
        return written == 0 ? 1 : 0;
    }

    private static int Replay(FuzzPaths paths, FuzzTarget target, List<string> files, bool save, string? record)
    {
        var failed = 0;
        foreach (var file in files)
        {
            var input = File.ReadAllBytes(file);
            if (record is not null)
            {
                Console.Error.WriteLine($"{file}: {ChildRecord.Explain(record, input)}");
            }

            try
            {
                target.Replay(input);
            }
#pragma warning disable CA1031 // a replay reports every failure and goes on
            catch (Exception e)
#pragma warning restore CA1031
            {
                failed++;
                Console.Error.WriteLine($"{file}: {e.GetType().Name}: {e.Message}");
                if (save)
                {
                    Console.Error.WriteLine($"  saved as {new CrashStore(paths, target.Name).Save(input, $"AFL++ (SharpFuzz) crash {Path.GetFileName(file)}: {e}")}");
                }
            }
        }

        Console.Error.WriteLine($"{target.Name}: {files.Count - failed} passed, {failed} failed");
        return failed == 0 ? 0 : 1;
    }
}
