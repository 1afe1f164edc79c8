using Cpupolicy.Core.Database;
using Cpupolicy.Core.Ir;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>A profile as a compiled policy has it: features, vendor, hosts and each backend's artifact text.</summary>
public sealed record SnapshotProfile(
    string Name,
    CpuVendor Vendor,
    IReadOnlyList<string> Hosts,
    FeatureSet Features,
    IReadOnlyDictionary<string, string> Artifacts)
{
    /// <summary>Which database <see cref="Features"/> indexes (<see cref="ProfileIr.X86"/> or <see cref="ProfileIr.Aarch64"/>).</summary>
    public string Arch { get; init; } = ProfileIr.X86;
}
