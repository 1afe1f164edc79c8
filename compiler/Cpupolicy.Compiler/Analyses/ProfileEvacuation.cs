using Cpupolicy.Core.Database;

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

    public bool Evacuable => Targets.Count > 0;
}
