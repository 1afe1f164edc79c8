namespace Cpupolicy.Compiler.Probe;

/// <summary>
/// What a probe request came to: nothing booted (only the image was written, or the policy did not compile), or an
/// observation, compared with the profile when one was given.
/// </summary>
public sealed record ProbeOutcome
{
    /// <summary>The policy had compile errors (already reported); nothing was booted.</summary>
    public bool PolicyFailed { get; init; }

    public ProbeObservation? Observation { get; init; }

    public ProbeTarget? Target { get; init; }

    public ProbeComparison? Comparison { get; init; }

    /// <summary>The aarch64 guest's registers (<see cref="ProbeArch.Aarch64"/>).</summary>
    public Arm64.Arm64ProbeObservation? Arm64 { get; init; }

    /// <summary>The aarch64 guest against <see cref="ProbeRequest.ExpectPath"/>.</summary>
    public Arm64.Arm64ProbeComparison? Arm64Comparison { get; init; }

    /// <summary>The aarch64 guest against the profile (<see cref="ProbeRequest.PolicyPath"/>), within what its release controls.</summary>
    public Arm64.Arm64PolicyComparison? Arm64PolicyComparison { get; init; }

    public static ProbeOutcome NothingBooted { get; } = new();
}
