namespace Cpupolicy.Tests.Fuzz.Harness;

/// <summary>How long and how one target is fuzzed.</summary>
public sealed record FuzzOptions
{
    /// <summary>Executions, seeds included.</summary>
    public int Iterations { get; init; } = 1000;

    /// <summary>Seed of the mutation and generation choices: the same seed replays the same run.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Wall-clock cap for this target, or null for none.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>
    /// Run every seed once even past <see cref="Iterations"/> and <see cref="TimeLimit"/> (these then bound only the
    /// mutations after them): the short mode's promise that every corpus file is replayed, on a loaded machine too.
    /// </summary>
    public bool EverySeed { get; init; }

    /// <summary>An input that runs longer than this counts as a hang (a failure).</summary>
    public TimeSpan InputTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Percent of executions that take a freshly generated input rather than a mutant.</summary>
    public int GeneratedPercent { get; init; } = 15;

    /// <summary>Write failing inputs to fuzz/crashes/&lt;target&gt;/.</summary>
    public bool SaveCrashes { get; init; } = true;
}
