using Cpupolicy.Core.Database;

namespace Cpupolicy.Generator;

/// <summary>Everything the sources say about one bit, collected before the record is written.</summary>
public sealed class FeatureBuilder
{
    public FeatureBuilder(Coordinate coordinate)
    {
        Coordinate = coordinate;
    }

    public Coordinate Coordinate { get; }

    public string? QemuName { get; set; }

    /// <summary>libvirt's name in the newest map that has the bit, and (if it differs) the older spelling.</summary>
    public string? LibvirtName { get; set; }

    public string? LinuxName { get; set; }

    public string? LinuxComment { get; set; }

    /// <summary>Xen header name (upper case) in the newest release that has the bit.</summary>
    public string? XenName { get; set; }

    public int? XenWord { get; set; }

    public int? XenBit { get; set; }

    public string? XenDescription { get; set; }

    public SortedDictionary<string, string> XenAttributes { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, string> XenKeys { get; } = new(StringComparer.Ordinal);

    public SortedSet<string> Aliases { get; } = new(StringComparer.Ordinal);

    public HashSet<CpuVendor> Vendors { get; } = [];

    public bool Migratable { get; set; } = true;

    /// <summary>Direct prerequisites (from Xen's dependency table).</summary>
    public HashSet<FeatureBuilder> Requires { get; } = [];

    /// <summary>
    /// QEMU's canonical name where QEMU names the bit, else libvirt's, else Linux's, else the newest libxl key.
    /// </summary>
    public string CanonicalName =>
        QemuName ?? LibvirtName ?? LinuxName ?? XenKeys.OrderBy(k => Version.Parse(k.Key)).Select(k => k.Value).LastOrDefault()
        ?? XenName?.ToLowerInvariant().Replace('_', '-')
        ?? throw new InvalidOperationException($"no name for {Coordinate}");
}
