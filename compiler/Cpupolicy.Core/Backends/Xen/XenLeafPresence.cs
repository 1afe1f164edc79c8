using Cpupolicy.Core.Database;
using Cpupolicy.Core.Ir;

namespace Cpupolicy.Core.Backends.Xen;

/// <summary>
/// Which featureset words an xl.cfg <c>cpuid=</c> may touch for a profile.
/// <para>
/// libxc applies each xl.cfg leaf to the domain's policy and fails domain creation with "Missing leaf" when the
/// policy has no such leaf (<c>xc_cpuid_xend_policy</c>; a guest's default policy inherits the host's max leaf,
/// leaf 7 max subleaf and max extended leaf). So clearing, say, <c>avx-vnni</c> (leaf 7 subleaf 1) would stop the VM
/// from starting on a Haswell host, which has no subleaf 1. The emitter therefore touches a word only when its leaf
/// is known to exist on every host the profile runs on, judged from the features of the profile and of its hosts'
/// baseline (every host has those):
/// </para>
/// <list type="bullet">
/// <item>leaves 1, 0x80000001, 0x80000007 and 0x80000008 exist on every x86-64 CPU;</item>
/// <item>a basic leaf exists when a feature sits in that or a higher basic leaf, or XSAVE is there (leaf 0xD exists,
/// with subleaves 0 and 1); leaf 7 subleaf N also needs a feature in subleaf N or higher (the max subleaf);</item>
/// <item>an extended leaf exists when a feature sits in that or a higher extended leaf;</item>
/// <item>MSR_ARCH_CAPS bits need ARCH_CAPS or one of its bits.</item>
/// </list>
/// <para>
/// The price: on a host that has a leaf none of the profile's hosts was known to have (a profile of a Core 2, say,
/// run on a Skylake), the guest also sees that leaf's default-on features. <see cref="XenBackend.Controllable"/>
/// reports exactly this narrowing.
/// </para>
/// </summary>
public sealed class XenLeafPresence
{
    private const uint ExtendedBase = 0x80000000;
    private const uint HypervisorBase = 0x40000000;
    private const uint AlwaysExtended = 0x80000008;

    private readonly FeatureDefinition? xsave;
    private readonly FeatureDefinition? archCaps;

    public XenLeafPresence(FeatureDatabase db)
    {
        xsave = db.FindByCpuid(0x1, 0, CpuidRegister.Ecx, 26);
        archCaps = db.FindByCpuid(0x7, 0, CpuidRegister.Edx, 29);
    }

    /// <summary>The features of every word whose leaf is known to exist on the profile's hosts.</summary>
    public FeatureSet PresentFeatures(ProfileIr profile, XenRelease release)
    {
        var evidence = profile.HostBaseline is { } baseline ? profile.Features | baseline : profile.Features;
        var known = new Evidence(release.Db.Expand(evidence).ToList(), xsave, archCaps);
        var present = release.Db.Xen.Words.Where(known.Has).Select(w => w.Index).ToHashSet();
        return FeatureSet.Of(release.Db.Features.Where(f => f.Xen is { } x && present.Contains(x.Word)));
    }

    /// <summary>What the evidence features prove about the leaves of every host.</summary>
    private sealed class Evidence
    {
        private readonly uint maxBasic;
        private readonly uint maxExtended;
        private readonly uint maxLeaf7Subleaf;
        private readonly bool archCaps;

        public Evidence(IReadOnlyList<FeatureDefinition> features, FeatureDefinition? xsave, FeatureDefinition? archCapsFeature)
        {
            var leaves = features.Where(f => f.Location.Leaf.HasValue).Select(f => f.Location).ToList();
            maxBasic = leaves.Where(l => l.Leaf < HypervisorBase).Select(l => l.Leaf!.Value).DefaultIfEmpty(0u).Max();
            if (xsave is not null && features.Contains(xsave))
            {
                maxBasic = Math.Max(maxBasic, 0xd);
            }

            maxExtended = leaves.Where(l => l.Leaf >= ExtendedBase).Select(l => l.Leaf!.Value).DefaultIfEmpty(AlwaysExtended).Max();
            maxLeaf7Subleaf = leaves.Where(l => l.Leaf == 7).Select(l => l.Subleaf ?? 0).DefaultIfEmpty(0u).Max();
            archCaps = features.Any(f => f.Location.Msr == 0x10a || f == archCapsFeature);
        }

        public bool Has(XenWord word)
        {
            if (XenLayout.AlwaysPresentWords.Contains(word.Index))
            {
                return true;
            }

            if (word.IsMsr)
            {
                return archCaps;
            }

            var leaf = word.Leaf!.Value;
            if (leaf >= ExtendedBase)
            {
                return leaf <= maxExtended;
            }

            return leaf <= maxBasic && (leaf != 7 || (word.Subleaf ?? 0) <= maxLeaf7Subleaf);
        }
    }
}
