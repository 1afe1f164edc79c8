namespace Cpupolicy.Tests.Infrastructure;

/// <summary>
/// What a child process did (<see cref="ChildProcess"/>): exit code (-1 when it was killed at its deadline), raw
/// stdout bytes, stderr text, how long it took on the clock, the CPU time it used (sampled while it ran: Linux forgets
/// it once the process is reaped), and its peak resident memory (VmHWM, the kernel's high-water mark, last read just
/// before it exited; 0 where /proc is not readable).
/// </summary>
public sealed record ProcessResult(int ExitCode, byte[] Stdout, string Stderr, TimeSpan Elapsed, long PeakKiB)
{
    public TimeSpan Cpu { get; init; }

    /// <summary>The process outlived its deadline and was killed (only when the run asked not to fail the test).</summary>
    public bool TimedOut { get; init; }

    public string StdoutText => System.Text.Encoding.UTF8.GetString(Stdout);

    /// <summary>For assertion messages: how it ended, and the start of what it printed.</summary>
    public override string ToString() =>
        $"exit {ExitCode}{(TimedOut ? " (killed after the deadline)" : string.Empty)} in {Elapsed.TotalSeconds:F1} s ({Cpu.TotalSeconds:F1} s CPU)\n--- stderr ---\n{Clip(Stderr)}\n--- stdout ---\n{Clip(StdoutText)}";

    private static string Clip(string text) => text.Length <= 3000 ? text : text[..3000] + $"\n... ({text.Length} chars)";
}
