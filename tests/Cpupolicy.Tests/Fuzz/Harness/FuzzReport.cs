namespace Cpupolicy.Tests.Fuzz.Harness;

/// <summary>What fuzzing one target found.</summary>
public sealed record FuzzReport(
    string Target,
    int Executions,
    int Failures,
    int Hangs,
    IReadOnlyList<CrashRecord> Crashes,
    int Outcomes,
    int PoolSize,
    TimeSpan Elapsed)
{
    public bool Passed => Failures == 0;

    public string Summary() =>
        $"{Target}: {Executions} executions, {Failures} failures ({Crashes.Count} distinct, {Hangs} hangs), " +
        $"{Outcomes} outcome signatures, pool {PoolSize}, {Elapsed.TotalSeconds:F1} s";

    public string Details() => string.Join(
        "\n\n",
        Crashes.Select(c => $"[{c.Count}x] {c.Signature}{(c.SavedAs is null ? string.Empty : $"\n  saved as {c.SavedAs}")}\n{c.Description}"));
}
