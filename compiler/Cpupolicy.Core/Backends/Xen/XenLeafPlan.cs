using Cpupolicy.Core.Database;

namespace Cpupolicy.Core.Backends.Xen;

/// <summary>
/// How an xl.cfg <c>cpuid=</c> covers the words of a profile (<see cref="XenLeafPresence.Plan"/>):
/// <list type="bullet">
/// <item><see cref="Present"/>: the features of words whose leaf every host has; the artifact sets each of them.</item>
/// <item><see cref="Hidden"/>: the features of words some host has and another lacks, which the artifact hides on every
/// host by lowering the guest's maximum leaf (<see cref="MaxBasic"/>, <see cref="MaxLeaf7Subleaf"/>,
/// <see cref="MaxExtended"/>; null leaves that maximum at Xen's default).</item>
/// <item><see cref="Leaks"/>: per host, the default-on features outside the profile that the artifact cannot reach
/// (the libxl form has no key for leaf 7's or the extended range's maximum); non-empty means no exact artifact.</item>
/// </list>
/// </summary>
public sealed record XenLeafPlan(
    FeatureSet Present,
    FeatureSet Hidden,
    uint? MaxBasic,
    uint? MaxLeaf7Subleaf,
    uint? MaxExtended,
    IReadOnlyList<(string Host, FeatureSet Features)> Leaks)
{
    /// <summary>Whether the artifact lowers any maximum leaf.</summary>
    public bool Lowers => MaxBasic.HasValue || MaxLeaf7Subleaf.HasValue || MaxExtended.HasValue;
}
