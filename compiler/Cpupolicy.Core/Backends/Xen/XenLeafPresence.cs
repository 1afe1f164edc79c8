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
    private readonly FeatureDefinition? xsave;
    private readonly FeatureDefinition? archCaps;

    public XenLeafPresence(FeatureDatabase db)
    {
        xsave = db.FindByCpuid(0x1, 0, CpuidRegister.Ecx, 26);
        archCaps = db.FindByCpuid(0x7, 0, CpuidRegister.Edx, 29);
    }

    /// <summary>The features of every word whose leaf is known to exist on the profile's hosts.</summary>
    public FeatureSet PresentFeatures(ProfileIr profile, XenRelease release) => WordFeatures(release, CommonRange(profile, release).Has);

    /// <summary>
    /// How the artifact covers the profile's words (<see cref="XenLeafPlan"/>). Where the profile's hosts differ in
    /// leaf ranges, a host with a leaf another lacks would show that leaf's default-on features (outside the profile)
    /// to its guests; the artifact then lowers the guest's maximum basic leaf (both forms: libxl's <c>maxleaf</c> key,
    /// the xend form's leaf 0 EAX), leaf 7's maximum subleaf and the maximum extended leaf (xend form only: leaf 7
    /// subleaf 0 EAX and leaf 0x80000000 EAX), to the highest leaf every host has. Xen honours a lower maximum (it
    /// only refuses one above the host's) and clears every leaf above it. What no maximum can hide is a leak.
    /// </summary>
    public XenLeafPlan Plan(ProfileIr profile, XenRelease release, FeatureSet controllable, bool xendForm)
    {
        var common = CommonRange(profile, release);
        var present = WordFeatures(release, common.Has) & controllable;
        var candidates = profile.HostCpus
            .Select(h => (h.Name, Features: FeatureSet.Of(release.Db.Expand(h.Capability & controllable - present - profile.Features).Where(release.IsDefaultOn))))
            .Select(h => (h.Name, Features: release.Db.DropUnsatisfied(profile.Features | h.Features) & h.Features))
            .Where(h => !h.Features.IsEmpty)
            .ToList();
        if (candidates.Count == 0)
        {
            return new XenLeafPlan(present, FeatureSet.Empty, null, null, null, []);
        }

        var words = candidates.SelectMany(h => release.Db.Expand(h.Features)).Select(f => release.Db.Xen.Words[f.Xen!.Word]).ToList();
        uint? maxBasic = words.Any(w => w.Leaf is { } l && l < XenLeafRange.ExtendedBase && l > common.MaxBasic) ? common.MaxBasic : null;
        uint? maxSubleaf = xendForm && (maxBasic ?? common.MaxBasic) >= 7
            && words.Any(w => w.Leaf == 7 && (w.Subleaf ?? 0) > common.MaxLeaf7Subleaf) ? common.MaxLeaf7Subleaf : null;
        uint? maxExtended = xendForm && words.Any(w => w.Leaf > common.MaxExtended) ? common.MaxExtended : null;
        var lowered = new XenLeafRange(
            maxBasic ?? uint.MaxValue,
            maxSubleaf ?? uint.MaxValue,
            maxExtended ?? uint.MaxValue,
            ArchCaps: true);
        var hidden = WordFeatures(release, w => !lowered.Has(w)) & controllable - present;
        var leaks = candidates
            .Select(h => (Host: h.Name, Features: h.Features - hidden))
            .Where(h => !h.Features.IsEmpty)
            .ToList();
        return new XenLeafPlan(present, hidden, maxBasic, maxSubleaf, maxExtended, leaks);
    }

    /// <summary>
    /// The leaves every host of the profile is known to have: per host, what its raw CPUID reports or its features
    /// prove, whichever says more; with no host, what the profile's features and hosts' baseline prove.
    /// </summary>
    public XenLeafRange CommonRange(ProfileIr profile, XenRelease release)
    {
        var evidence = Evidence(profile.HostBaseline is { } baseline ? profile.Features | baseline : profile.Features, release.Db);
        if (profile.HostCpus.Count == 0)
        {
            return evidence;
        }

        var hosts = profile.HostCpus
            .Select(h => Evidence(h.Capability, release.Db).Join(h.Leaves is { } raw ? XenLeafRange.From(raw) : XenLeafRange.Minimum))
            .Aggregate((a, b) => a.Meet(b));
        return hosts.Join(evidence);
    }

    private static FeatureSet WordFeatures(XenRelease release, Func<XenWord, bool> which)
    {
        var words = release.Db.Xen.Words.Where(which).Select(w => w.Index).ToHashSet();
        return FeatureSet.Of(release.Db.Features.Where(f => f.Xen is { } x && words.Contains(x.Word)));
    }

    /// <summary>What the features prove about the leaves of a CPU that has them all.</summary>
    private XenLeafRange Evidence(FeatureSet set, FeatureDatabase db)
    {
        var features = db.Expand(set).ToList();
        var leaves = features.Where(f => f.Location.Leaf.HasValue).Select(f => f.Location).ToList();
        var maxBasic = leaves.Where(l => l.Leaf < HypervisorBase).Select(l => l.Leaf!.Value).DefaultIfEmpty(1u).Max();
        if (xsave is not null && features.Contains(xsave))
        {
            maxBasic = Math.Max(maxBasic, 0xd);
        }

        var maxExtended = leaves.Where(l => l.Leaf >= XenLeafRange.ExtendedBase).Select(l => l.Leaf!.Value).DefaultIfEmpty(AlwaysExtended).Max();
        var maxLeaf7Subleaf = leaves.Where(l => l.Leaf == 7).Select(l => l.Subleaf ?? 0).DefaultIfEmpty(0u).Max();
        var hasArchCaps = features.Any(f => f.Location.Msr == 0x10a || f == archCaps);
        return new XenLeafRange(maxBasic, maxLeaf7Subleaf, Math.Max(maxExtended, AlwaysExtended), hasArchCaps);
    }

    private const uint HypervisorBase = 0x40000000;
    private const uint AlwaysExtended = 0x80000008;
}
