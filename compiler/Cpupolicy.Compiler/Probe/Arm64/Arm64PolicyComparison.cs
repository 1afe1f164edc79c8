using Cpupolicy.Core.Database;

namespace Cpupolicy.Compiler.Probe.Arm64;

/// <summary>
/// An aarch64 guest's features against its profile. Upstream QEMU decides only a few properties of an aarch64 CPU
/// (sve, pmu, pauth, sme; openEuler's QEMU 8.2 also the SYSREG fields), so the verdict is taken within the features
/// the artifact controls (<c>IBackend.Controllable</c>): <see cref="Missing"/> and <see cref="Extra"/> there are real
/// differences. Differences outside it are what the CPU model itself gives (QEMU's <c>max</c>, the host); no
/// artifact of that release could change them, so they are listed as not controllable by the release, not as a
/// mismatch.
/// </summary>
public sealed record Arm64PolicyComparison
{
    /// <summary>The QEMU release whose properties the artifact uses.</summary>
    public required string Release { get; init; }

    /// <summary>The features compared: those the artifact controls.</summary>
    public required FeatureSet Compared { get; init; }

    /// <summary>The profile's features, within <see cref="Compared"/>, the guest lacks.</summary>
    public required FeatureSet Missing { get; init; }

    /// <summary>The guest's features, within <see cref="Compared"/>, beyond the profile.</summary>
    public required FeatureSet Extra { get; init; }

    /// <summary>Outside <see cref="Compared"/>: the profile's features the guest lacks.</summary>
    public required FeatureSet UncontrolledMissing { get; init; }

    /// <summary>Outside <see cref="Compared"/>: the guest's features beyond the profile.</summary>
    public required FeatureSet UncontrolledExtra { get; init; }

    public bool Matches => Missing.IsEmpty && Extra.IsEmpty;

    public static Arm64PolicyComparison Compare(FeatureSet guest, FeatureSet profile, FeatureSet controllable, string release) => new()
    {
        Release = release,
        Compared = controllable,
        Missing = (profile & controllable) - guest,
        Extra = (guest & controllable) - profile,
        UncontrolledMissing = profile - controllable - guest,
        UncontrolledExtra = guest - controllable - profile,
    };
}
