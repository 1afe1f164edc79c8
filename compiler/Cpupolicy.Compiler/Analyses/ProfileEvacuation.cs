using Cpupolicy.Core.Database;
using Cpupolicy.Core.Ir;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// One profile placed on a host being evacuated: the other hosts that can take its VMs, and for each host that
/// cannot, the features it lacks (<see cref="BlockedBy"/>) or that its vendor differs (<see cref="VendorBlocked"/>).
/// </summary>
public sealed record ProfileEvacuation
{
    public required string Name { get; init; }

    /// <summary>The VM globs that use the profile (null = <c>default</c>).</summary>
    public required IReadOnlyList<string?> Globs { get; init; }

    public required IReadOnlyList<string> Targets { get; init; }

    /// <summary>Per host that cannot take the VMs: the profile's features the host lacks (empty when only the vendor blocks).</summary>
    public required IReadOnlyDictionary<string, FeatureSet> BlockedBy { get; init; }

    /// <summary>Hosts of another CPU vendor than the profile's.</summary>
    public required IReadOnlyList<string> VendorBlocked { get; init; }

    /// <summary>
    /// aarch64: hosts of an older (or unrelated) generation than the one evacuated, which the one-way rule between
    /// generations refuses (<see cref="Arm64Migration.Allows"/>) even when they have every feature of the profile.
    /// </summary>
    public IReadOnlyList<string> OneWayBlocked { get; init; } = [];

    /// <summary>Which database the feature sets index (<see cref="ProfileIr.X86"/> or <see cref="ProfileIr.Aarch64"/>).</summary>
    public string Arch { get; init; } = ProfileIr.X86;

    public bool Evacuable => Targets.Count > 0;
}
