using Cpupolicy.Core.Database;

namespace Cpupolicy.Core.Ir;

/// <summary>
/// The backend-neutral form of one profile: exactly the features the guest must see, the vendor the profile is
/// bound to (Unknown when it derives from no host or from hosts of several vendors), and the capability every
/// host of the profile shares (its baseline; null when the profile derives from no host). Every backend is a pure
/// function of this record and its target options.
/// </summary>
public sealed record ProfileIr
{
    public required string Name { get; init; }

    /// <summary>The features the guest sees. Closed under prerequisites (the checker guarantees it).</summary>
    public required FeatureSet Features { get; init; }

    public CpuVendor Vendor { get; init; } = CpuVendor.Unknown;

    /// <summary>The intersection of the capabilities of the hosts the profile derives from, or null.</summary>
    public FeatureSet? HostBaseline { get; init; }

    /// <summary>Names of the hosts the profile derives from (sorted), for messages and the bundle.</summary>
    public IReadOnlyList<string> Hosts { get; init; } = [];

    /// <summary>
    /// <c>x86_64</c>, or <c>aarch64</c>: then <see cref="Features"/>, <see cref="HostBaseline"/> and the hosts'
    /// capabilities index <see cref="Database.Arm64.Arm64Database"/>'s features, not the x86 database's.
    /// </summary>
    public string Arch { get; init; } = X86;

    public const string X86 = CpuArchitecture.X86;

    public const string Aarch64 = CpuArchitecture.Aarch64;

    public bool IsArm64 => Arch == Aarch64;

    /// <summary>Each host of <see cref="Hosts"/> with its own capability, same order; empty when the profile derives from no host.</summary>
    public IReadOnlyList<ProfileHost> HostCpus { get; init; } = [];
}
