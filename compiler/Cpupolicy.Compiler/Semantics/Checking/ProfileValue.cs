using Cpupolicy.Core.Database;
using Cpupolicy.Compiler.Semantics.Binding;

namespace Cpupolicy.Compiler.Semantics.Checking;

/// <summary>The value of a profile expression: its features and the hosts it derives from.</summary>
public sealed record ProfileValue(FeatureSet Features, IReadOnlyList<HostSymbol> Hosts)
{
    /// <summary>The capability every host of the value shares, or null when it derives from no host.</summary>
    public FeatureSet? HostBaseline => Hosts.Count == 0 ? null : Hosts.Select(h => h.Capability).Aggregate((a, b) => a & b);

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
