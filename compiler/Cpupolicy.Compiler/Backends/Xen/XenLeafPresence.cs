using Cpupolicy.Compiler.Database;
using Cpupolicy.Compiler.Lowering;

namespace Cpupolicy.Compiler.Backends.Xen;

/// <summary>
/// Which featureset words an xl.cfg <c>cpuid=</c> may touch for a profile.
/// <para>
/// libxc applies each xl.cfg leaf to the domain's policy and fails domain creation with "Missing leaf" when the
/// policy has no such leaf (<c>xc_cpuid_xend_policy</c>; a guest's default policy inherits the host's max leaf and
/// subleaf). So clearing, say, <c>avx-vnni</c> (leaf 7 subleaf 1) would stop the VM from starting on a Haswell host,
/// which has no subleaf 1. The emitter therefore touches a word only when its leaf is known to exist on every host
/// the profile runs on: the leaf is one every x86-64 CPU has, or the profile or its hosts' baseline has a feature
/// in that leaf. The price: on a host that has a leaf none of the profile's hosts were known to have, the guest
/// also sees that leaf's default-on features. <see cref="XenBackend.Controllable"/> reports exactly this.
/// </para>
/// </summary>
public sealed class XenLeafPresence
{
    private readonly Dictionary<int, FeatureSet> evidence = [];

    public XenLeafPresence(FeatureDatabase db)
    {
        var archCaps = db.FindByCpuid(0x7, 0, CpuidRegister.Edx, 29);
        foreach (var word in XenLayout.Words)
        {
            var proof = db.Features.Where(f => word.IsMsr
                ? f.Location.Msr == word.Msr || f == archCaps
                : f.Location.Leaf == word.Leaf && (f.Location.Subleaf ?? 0) == (word.Subleaf ?? 0));
            evidence[word.Index] = FeatureSet.Of(proof);
        }
    }

    /// <summary>Whether the leaf behind <paramref name="word"/> exists on every host the profile can run on.</summary>
    public bool IsPresent(int word, ProfileIr profile) =>
        XenLayout.AlwaysPresentWords.Contains(word)
        || evidence[word].Overlaps(profile.Features)
        || (profile.HostBaseline is { } baseline && evidence[word].Overlaps(baseline));

    /// <summary>The features of every word <see cref="IsPresent"/> allows.</summary>
    public FeatureSet PresentFeatures(ProfileIr profile, XenRelease release) => FeatureSet.Of(
        release.Db.Features.Where(f => f.Xen is { } x && x.Word < XenLayout.Words.Count && IsPresent(x.Word, profile)));
}
