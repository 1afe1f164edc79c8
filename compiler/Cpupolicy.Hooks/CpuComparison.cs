using Cpupolicy.Core.Diagnostics;
namespace Cpupolicy.Hooks;

/// <summary>
/// A VM's CPU against its profile: whether they match and, when not, the features the VM has that the profile lacks
/// (<see cref="Extra"/>), the features the profile has that the VM lacks (<see cref="Missing"/>), or, when the CPU is
/// not a fixed feature set at all (host-passthrough, no <c>&lt;cpu&gt;</c>, no featureset), why.
/// </summary>
public sealed record CpuComparison(bool Matches, IReadOnlyList<string> Extra, IReadOnlyList<string> Missing, string? Reason)
{
    public static CpuComparison Same { get; } = new(true, [], [], null);

    public static CpuComparison Unbounded(string reason) => new(false, [], [], reason);

    /// <summary>The difference in one phrase, for the hook's single log line.</summary>
    public string Describe()
    {
        if (Reason is not null)
        {
            return Reason;
        }

        var parts = new List<string>();
        if (Extra.Count > 0)
        {
            parts.Add($"the VM has {HookText.List(Extra)} which the profile lacks");
        }

        if (Missing.Count > 0)
        {
            parts.Add($"the VM lacks {HookText.List(Missing)} which the profile has");
        }

        return string.Join("; ", parts);
    }
}
