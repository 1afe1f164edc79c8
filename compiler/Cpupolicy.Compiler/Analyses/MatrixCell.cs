using Cpupolicy.Core.Database;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// Whether VMs of a profile can run on a host: the profile's features the host lacks, and whether its vendor differs.
/// <see cref="Placed"/> marks the hosts the profile derives from (where its VMs are meant to run).
/// </summary>
public sealed record MatrixCell(string Host, string Profile, FeatureSet Missing, bool VendorMismatch, bool Placed)
{
    public bool Compatible => Missing.IsEmpty && !VendorMismatch;
}
