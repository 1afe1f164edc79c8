namespace Cpupolicy.Core.Database;

/// <summary>
/// Xen's featureset entry for a feature: its word and bit, and per release the attribute letters of
/// <c>cpufeatureset.h</c> (<c>A</c>/<c>S</c>/<c>H</c> default, <c>a</c>/<c>s</c>/<c>h</c> max only,
/// <c>!</c> special = not user-controllable, <c>|</c> ORed across a pool).
/// </summary>
public sealed record XenFeatureInfo(int Word, int Bit, IReadOnlyDictionary<string, string> Attributes)
{
    /// <summary>Featureset bit number (word * 32 + bit), the <c>value</c> of Xen's tables.</summary>
    public int Value => (Word * 32) + Bit;

    /// <summary>Whether the toolstack can set the bit (not a <c>!</c> feature) in the given release.</summary>
    public bool IsControllable(string release) =>
        Attributes.TryGetValue(release, out var attrs) && !attrs.Contains('!', StringComparison.Ordinal);
}
