namespace Cpupolicy.Generator.Sources;

/// <summary>
/// One Xen release's featureset table (<c>data/xen/featureset-&lt;release&gt;.json</c>): its features and
/// <see cref="Requires"/> = Xen's <c>deps</c> inverted (feature → its direct prerequisites).
/// </summary>
public sealed record XenFeatureset(
    string Release,
    IReadOnlyList<XenFeature> Features,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Requires);
