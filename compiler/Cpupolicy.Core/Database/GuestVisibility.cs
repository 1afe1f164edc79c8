namespace Cpupolicy.Core.Database;

/// <summary>
/// What a hypervisor offers a guest by default, as opposed to what a host's raw CPUID shows. A host's guest view is
/// its features that some hypervisor passes to an HVM guest by default, plus <c>hypervisor</c>, which every guest sees.
/// <para>
/// "By default" is taken from the two sources that define it: Xen's featureset attributes (the newest release that
/// knows the feature has one of the default letters <c>A</c>, <c>S</c>, <c>H</c>), and, for leaves Xen does not
/// track (leaf 6, SVM's leaf 0x8000000A, ...), QEMU 7.2's named models (a feature some model turns on is a guest
/// feature). That drops host-only bits such as <c>ds</c>, <c>tm2</c>, <c>est</c>, <c>monitor</c>, max-only ones
/// such as <c>vmx</c> (nested virtualisation) and <c>invtsc</c>, and keeps everything a guest CPU model is made of.
/// A policy can still ask for a max-only feature explicitly (<c>+ {vmx}</c>) when the host has it.
/// </para>
/// </summary>
public static class GuestVisibility
{
    private static readonly string[] ReleasesNewestFirst = ["4.22.0", "4.17.7", "4.17.0"];

    private static readonly Lazy<FeatureSet> DefaultOfferedLazy = new(() => ComputeDefaultOffered(ModelDatabase.Default));

    private static readonly Lazy<FeatureSet> KvmOfferedLazy = new(() => ComputeKvmOffered(ModelDatabase.Default));

    /// <summary>
    /// What QEMU/KVM offers a guest by default: every feature some QEMU 7.2 named model turns on (the models are what
    /// a KVM guest CPU is made of, and what <c>virsh cpu-baseline</c> names), and the features Xen also offers by
    /// default that QEMU can name (KVM passes them through: <c>md-clear</c>, <c>ssbd</c> ...), less nested
    /// virtualisation. Unlike Xen's view it keeps TSX (<c>hle</c>, <c>rtm</c>) and AMD's <c>osvw</c>, which QEMU's models
    /// have and Xen hides.
    /// </summary>
    public static FeatureSet KvmOffered => KvmOfferedLazy.Value;

    /// <summary>What the given kinds of hypervisor all offer by default (<see cref="GuestKinds.Both"/>: Xen's view and KVM's).</summary>
    public static FeatureSet Offered(GuestKinds kinds) => kinds switch
    {
        GuestKinds.Xen => DefaultOffered,
        GuestKinds.Kvm => KvmOffered,
        _ => DefaultOffered & KvmOffered,
    };

    /// <summary>The guest view of a host's capability under the given kinds of hypervisor, plus <c>hypervisor</c>.</summary>
    public static FeatureSet GuestView(FeatureSet host, FeatureDatabase db, GuestKinds kinds) =>
        (host & Offered(kinds)) | Hypervisor(db);

    public static FeatureSet ComputeKvmOffered(ModelDatabase models)
    {
        var db = models.FeatureDb;
        var inQemuModels = models.InCatalog(ModelDatabase.Qemu).Aggregate(FeatureSet.Empty, (acc, m) => acc | m.Features);
        var xenDefault = ComputeDefaultOffered(models);
        var offered = inQemuModels | FeatureSet.Of(db.Expand(xenDefault).Where(f => f.Spellings.Qemu is not null));

        // Nested virtualisation stays max-only, as in Xen's view: QEMU's AMD models carry svm (and npt, nrip-save ...),
        // but a pool's guests should not become hypervisors unless the policy asks for it (`+ {svm}`).
        // KVM never passes MONITOR/MWAIT to a guest unless its exits are disabled (QEMU's older models name `monitor`,
        // and KVM filters it out).
        var nesting = FeatureSet.Of(db.Features.Where(f => f.Name is "vmx" or "svm"));
        var filtered = FeatureSet.Of(db.Features.Where(f => f.Name is "monitor"));
        return FeatureSet.Of(db.Expand(offered).Where(f => !nesting.Contains(f) && !filtered.Contains(f) && (f.RequiresAll & nesting).IsEmpty));
    }

    /// <summary>The features hypervisors offer guests by default (over the built-in databases).</summary>
    public static FeatureSet DefaultOffered => DefaultOfferedLazy.Value;

    /// <summary>The guest view of a host's capability: default-offered features the host has, plus <c>hypervisor</c>.</summary>
    public static FeatureSet GuestView(FeatureSet host, FeatureDatabase db) =>
        (host & DefaultOffered) | Hypervisor(db);

    /// <summary>A host's capability as a guest could ever see it: everything it has, plus <c>hypervisor</c>.</summary>
    public static FeatureSet GuestMaximum(FeatureSet host, FeatureDatabase db) => host | Hypervisor(db);

    public static FeatureSet ComputeDefaultOffered(ModelDatabase models)
    {
        var db = models.FeatureDb;
        var inQemuModels = models.InCatalog(ModelDatabase.Qemu).Aggregate(FeatureSet.Empty, (acc, m) => acc | m.Features);
        return FeatureSet.Of(db.Features.Where(f => f.Xen is { } xen
            ? DefaultLetters(xen)
            : inQemuModels.Contains(f)));
    }

    private static bool DefaultLetters(XenFeatureInfo xen)
    {
        foreach (var release in ReleasesNewestFirst)
        {
            if (xen.Attributes.TryGetValue(release, out var letters))
            {
                return letters.IndexOfAny(['A', 'S', 'H']) >= 0;
            }
        }

        return false;
    }

    private static FeatureSet Hypervisor(FeatureDatabase db) =>
        db.Find("hypervisor") is { } h ? FeatureSet.Of([h.Index]) : FeatureSet.Empty;
}
