using Cpupolicy.Core.Database;

namespace Cpupolicy.Compiler.Inventory;

/// <summary>
/// Features a CPU reports but a guest must not be given. Today one erratum: <c>hle</c> and <c>rtm</c> on Intel family 6
/// models 60, 69, 70 and model 63 stepping &lt; 4, whose TSX is broken (Intel erratum HSW136). libvirt leaves them out
/// of such a host's CPU, so a guest that requires them cannot start there, and Xen turns TSX off itself; a host of a
/// policy, a fleet analysis and a host report therefore all leave them out too.
/// </summary>
public static class CpuErrata
{
    /// <summary>The features of <paramref name="host"/> that no guest on it may be given.</summary>
    public static FeatureSet Unusable(HostCapability host, FeatureDatabase db)
    {
        var brokenTsx = host.Vendor == CpuVendor.Intel && host.Family == 6
            && (host.Model is 60 or 69 or 70 || (host.Model == 63 && host.Stepping is < 4));
        if (!brokenTsx)
        {
            return FeatureSet.Empty;
        }

        var tsx = FeatureSet.Of(new[] { "hle", "rtm" }.Select(db.Find).OfType<FeatureDefinition>());
        return host.Features & tsx;
    }

    /// <summary>What a guest on <paramref name="host"/> can be given of what it reports.</summary>
    public static FeatureSet Usable(HostCapability host, FeatureDatabase db) => host.Features - Unusable(host, db);
}
