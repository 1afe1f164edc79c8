using Cpupolicy.Core.Database;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>A profile as a compiled policy has it: features, vendor, hosts and each backend's artifact text.</summary>
public sealed record SnapshotProfile(
    string Name,
    CpuVendor Vendor,
    IReadOnlyList<string> Hosts,
    FeatureSet Features,
    IReadOnlyDictionary<string, string> Artifacts);
