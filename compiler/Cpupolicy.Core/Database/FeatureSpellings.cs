namespace Cpupolicy.Core.Database;

/// <summary>
/// How each backend spells a feature; null where the backend cannot name it.
/// Xen's libxl key depends on the Xen release, so it is a map from release ("4.17.7") to key.
/// </summary>
public sealed record FeatureSpellings(
    string? Qemu,
    string? Libvirt,
    string? Linux,
    IReadOnlyDictionary<string, string> Xen)
{
    /// <summary>The libxl key for a Xen release, or null when that release cannot name the feature.</summary>
    public string? XenFor(string release) => Xen.TryGetValue(release, out var key) ? key : null;
}
