using Cpupolicy.Core.Database;
using Cpupolicy.Compiler.Inventory;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Semantics.Binding;

/// <summary>
/// A declared host. <see cref="Capability"/> is everything a guest on it could be given: the decoded inventory
/// (without what <see cref="CpuErrata"/> forbids) or named model, with Xen's dependency clearing applied (a feature
/// whose prerequisite the host lacks does not count), plus <c>hypervisor</c>. <see cref="DefaultView"/> is what hypervisors offer a guest by default
/// (<see cref="GuestVisibility"/>): the value of the host's name, of its pools and of <c>baseline(...)</c>.
/// </summary>
public sealed record HostSymbol(string Name, SourceSpan Span, FeatureSet Capability, FeatureSet DefaultView, CpuVendor Vendor, string Origin)
{
    public static HostSymbol Create(string name, SourceSpan span, FeatureSet decoded, CpuVendor vendor, string origin, FeatureDatabase db)
    {
        var capability = GuestVisibility.GuestMaximum(db.DropUnsatisfied(decoded), db);
        var defaults = db.DropUnsatisfied(GuestVisibility.GuestView(capability, db));
        return new HostSymbol(name, span, capability, defaults, vendor, origin) { Decoded = decoded };
    }

    /// <summary>A host read from an inventory file: the features an erratum forbids are not part of it.</summary>
    /// When the file states the hypervisor's default set (<see cref="HostCapability.DefaultFeatures"/>), that is the
    /// default view on what it can speak about; the rest, and <c>hypervisor</c>, follow the inferred view.
    public static HostSymbol FromInventory(string name, SourceSpan span, HostCapability host, string origin, FeatureDatabase db)
    {
        if (host.Arm64 is { } arm)
        {
            // aarch64: the guest under KVM sees the host's (sanitised) ID-register levels; no x86 rules apply, and
            // every set of this symbol indexes the aarch64 database.
            return new HostSymbol(name, span, arm.Features, arm.Features, host.Vendor, origin) { Decoded = arm.Features, Inventory = host };
        }

        var symbol = Create(name, span, CpuErrata.Usable(host, db), host.Vendor, origin, db) with { Inventory = host };
        if (host.DefaultFeatures is not { } stated)
        {
            return symbol;
        }

        var always = db.Find("hypervisor") is { } h ? FeatureSet.Of([h.Index]) : FeatureSet.Empty;
        var defaults = (symbol.Capability & stated) | (symbol.DefaultView - host.Knowable) | (symbol.DefaultView & always);
        return symbol with { DefaultView = db.DropUnsatisfied(defaults) };
    }

    /// <summary>
    /// The features as given (an inventory's usable features, a model's), before dependency clearing and without
    /// <c>hypervisor</c>: the host CPU libvirt's own comparison looks at.
    /// </summary>
    public FeatureSet Decoded { get; init; } = FeatureSet.Empty;

    /// <summary>
    /// The host's guest view under the given kinds of hypervisor: <see cref="DefaultView"/> for Xen; what QEMU/KVM
    /// offers by default (<see cref="GuestVisibility.KvmOffered"/>) for KVM; what both offer for both.
    /// </summary>
    public FeatureSet ViewFor(GuestKinds kinds, FeatureDatabase db)
    {
        var kvm = db.DropUnsatisfied(GuestVisibility.GuestView(Capability, db, GuestKinds.Kvm));
        return kinds switch
        {
            GuestKinds.Xen => DefaultView,
            GuestKinds.Kvm => kvm,
            _ => db.DropUnsatisfied(DefaultView & kvm),
        };
    }

    /// <summary>The aarch64 reading of the host, or null for an x86 host (then every set here indexes the x86 database).</summary>
    public Arm64Host? Arm64 => Inventory?.Arm64;

    /// <summary>The inventory the host was read from, or null for a host declared by model.</summary>
    public HostCapability? Inventory { get; init; }
}
