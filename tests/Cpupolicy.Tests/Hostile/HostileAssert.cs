using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Hostile;

/// <summary>What every rejected hostile input must get: the CLI spec's error contract.</summary>
public static class HostileAssert
{
    /// <summary>
    /// Exit 1 (bad input) or 2 (usage), never 4 (internal failure) nor a crash; no stack trace; a diagnostic that names
    /// the offending file (by the name given or its file name); within the hang guard.
    /// </summary>
    public static void Rejected(ProcessResult run, string fileNamed)
    {
        Bounded(run);
        Assert.True(run.ExitCode is 1 or 2, $"expected exit 1 or 2: {run}");
        NoStackTrace(run);
        Assert.True(
            run.Stderr.Contains(fileNamed, StringComparison.Ordinal) || run.Stderr.Contains(Path.GetFileName(fileNamed), StringComparison.Ordinal),
            $"no diagnostic names `{fileNamed}`: {run}");
    }

    /// <summary>The hang guard: killed on the clock, or done but only after more CPU than the deadline.</summary>
    public static void Bounded(ProcessResult run)
    {
        Assert.False(run.TimedOut, $"hang: {run}");
        Assert.True(run.Cpu <= ChildProcess.HostileDeadline, $"used more than {ChildProcess.HostileDeadline.TotalSeconds} s of CPU: {run}");
    }

    public static void NoStackTrace(ProcessResult run)
    {
        Assert.DoesNotContain(run.Stderr.Split('\n'), l => l.StartsWith("   at ", StringComparison.Ordinal));
        Assert.DoesNotContain("Unhandled exception", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Stack overflow", run.Stderr, StringComparison.Ordinal);
        Assert.NotEqual(4, run.ExitCode);
    }

    /// <summary>A failing command leaves nothing behind: no output file, no temp file.</summary>
    public static void NoOutput(string dir, string? exceptFile = null)
    {
        var left = Directory.Exists(dir)
            ? Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Where(f => f != exceptFile).ToList()
            : [];
        Assert.True(left.Count == 0, $"files left in {dir}: {string.Join(", ", left)}");
    }

    public static void NoTempFiles(string dir)
    {
        var temps = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".tmp", StringComparison.Ordinal) || Path.GetFileName(f).StartsWith('.'))
            .ToList();
        Assert.True(temps.Count == 0, $"temp files left: {string.Join(", ", temps)}");
    }
}
