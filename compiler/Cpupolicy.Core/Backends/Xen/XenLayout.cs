using Cpupolicy.Core.Database;

namespace Cpupolicy.Core.Backends.Xen;

/// <summary>
/// The Xen releases the backends target, and which featureset words every host has. The layout itself (words, word
/// counts, libxl's legacy keys) is data generated from Xen's tables into the database (<see cref="FeatureDatabase.Xen"/>).
/// </summary>
public static class XenLayout
{
    /// <summary>
    /// The release targeted by default: 4.17.7, what Debian 12 ships as "4.17.2+" (package
    /// 4.17.7+13-g2445b30a44-0+deb12u1). 4.17.2 is the first 4.17 with the generated libxl names and MSR_ARCH_CAPS keys.
    /// </summary>
    public const string DefaultRelease = "4.17.7";

    /// <summary>Releases the backends target: the Debian default and the newest release whose libxl keys the database records.</summary>
    public static IReadOnlyList<string> Releases(FeatureDatabase db) =>
        [.. new[] { DefaultRelease, db.XenReleases.MaxBy(Version.Parse)! }.Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// Words whose CPUID leaf every x86-64 CPU has (leaf 1; 0x80000001, 0x80000007 and 0x80000008, which long mode
    /// and address sizes need). Every other leaf may be missing on an older host, see <see cref="XenLeafPresence"/>.
    /// </summary>
    public static readonly IReadOnlySet<int> AlwaysPresentWords = new HashSet<int> { 0, 1, 2, 3, 7, 8 };
}
