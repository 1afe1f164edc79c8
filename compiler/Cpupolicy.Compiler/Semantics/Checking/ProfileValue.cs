using Cpupolicy.Core.Database;
using Cpupolicy.Compiler.Semantics.Binding;

namespace Cpupolicy.Compiler.Semantics.Checking;

/// <summary>
/// The value of a profile expression: its features and the hosts it derives from. <see cref="Arch"/> says which
/// database <see cref="Features"/> indexes (<see cref="CpuArchitecture.X86"/> or <see cref="CpuArchitecture.Aarch64"/>).
/// </summary>
public sealed record ProfileValue(FeatureSet Features, IReadOnlyList<HostSymbol> Hosts)
{
    public string Arch { get; init; } = CpuArchitecture.X86;

    public bool IsArm64 => Arch == CpuArchitecture.Aarch64;

    /// <summary>
    /// The capability every host of the value shares, or null when it derives from no host: the intersection on x86,
    /// the features of the field-wise minimum of the hosts' levels on aarch64.
    /// </summary>
    public FeatureSet? HostBaseline => Hosts.Count == 0 ? null
        : IsArm64 && Hosts.All(h => h.Arm64 is not null) ? Hosts.Select(h => h.Arm64!.Levels).Aggregate((a, b) => a.Minimum(b)).Features
        : Hosts.Select(h => h.Capability).Aggregate((a, b) => a & b);

    /// <summary>The one vendor of all hosts, or Unknown when there are none or several.</summary>
    public CpuVendor Vendor
    {
        get
        {
            var vendors = Hosts.Select(h => h.Vendor).Distinct().ToList();
            return vendors.Count == 1 ? vendors[0] : CpuVendor.Unknown;
        }
    }
}
