namespace Cpupolicy.Tests.Hostile;

/// <summary>How one CLI process ended.</summary>
public sealed record CliRun(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed, TimeSpan Cpu, bool TimedOut)
{
    public override string ToString() =>
        $"exit {ExitCode}{(TimedOut ? " (killed after the deadline)" : string.Empty)} in {Elapsed.TotalSeconds:F1} s ({Cpu.TotalSeconds:F1} s CPU)\n--- stderr ---\n{Clip(Stderr)}\n--- stdout ---\n{Clip(Stdout)}";

    private static string Clip(string text) => text.Length <= 3000 ? text : text[..3000] + $"\n... ({text.Length} chars)";
}
