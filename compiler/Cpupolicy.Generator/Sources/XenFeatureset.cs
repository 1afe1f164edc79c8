namespace Cpupolicy.Generator.Sources;

/// <summary>
/// One Xen release's featureset table (<c>data/xen/featureset-&lt;release&gt;.json</c>): its words (index → the
/// source each mirrors, e.g. <c>CPUID 0x00000007:0.ebx</c>), FEATURESET_NR_ENTRIES, its features and
/// <see cref="Requires"/> = Xen's <c>deps</c> inverted (feature → its direct prerequisites).
/// </summary>
public sealed record XenFeatureset(
    string Release,
    IReadOnlyList<XenFeature> Features,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Requires)
{
    public IReadOnlyDictionary<int, string> Words { get; init; } = new Dictionary<int, string>();

    public int WordCount { get; init; }
}
