using Cpupolicy.Core.Database;
using Cpupolicy.Core.Ir;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// The lowest common denominator of a set of hosts, at three levels:
/// <list type="bullet">
/// <item><see cref="Features"/>: what every host offers a guest by default (<see cref="GuestVisibility"/>), which is
/// what <c>baseline(...)</c> means in a policy and what a VM of the pool should be given;</item>
/// <item><see cref="Capability"/>: what every host could give a guest at most (max-only features such as
/// <c>vmx</c> included);</item>
/// <item><see cref="Raw"/>: the intersection of the CPUs as their inventories state them (broken TSX dropped), the
/// level libvirt's <c>cpu-baseline</c> works at.</item>
/// </list>
/// Plus the named model of each catalog that describes <see cref="Features"/> (<see cref="Models"/>), and the
/// profile (<see cref="Profile"/>) that the backends turn into artifacts.
/// </summary>
public sealed record FleetBaseline
{
    /// <summary>What to tell an admin whose hosts mix vendors (research xen.md §5.2, libvirt-qemu.md §8.12).</summary>
    public const string CrossVendorStatement =
        "Live migration between CPU vendors is not possible under Xen/XAPI (XAPI refuses it: \"VM last booted on a host " +
        "which had a CPU from a different vendor\") and not advised under KVM (a running guest keeps the vendor, family " +
        "and errata workarounds it booted with). The common features below suit VMs that are cold-started on either vendor.";

    public required IReadOnlyList<FleetHost> Hosts { get; init; }

    /// <summary>The guest-visible common features (closed under prerequisites, since every host's default view is).</summary>
    public required FeatureSet Features { get; init; }

    public required FeatureSet Capability { get; init; }

    public required FeatureSet Raw { get; init; }

    /// <summary>The one vendor of all hosts, or Unknown when they differ (or none is known).</summary>
    public CpuVendor Vendor { get; init; }

    /// <summary>Every vendor among the hosts, in enum order.</summary>
    public required IReadOnlyList<CpuVendor> Vendors { get; init; }

    public bool MixedVendors => Vendors.Count > 1;

    /// <summary>One fit per catalog of <see cref="CatalogNames.Catalogs"/> that has a model for the baseline.</summary>
    public required IReadOnlyList<ModelFit> Models { get; init; }

    /// <summary>The catalog whose fit is the headline (<see cref="Model"/>).</summary>
    public required string Catalog { get; init; }

    public ModelFit? Model => Models.FirstOrDefault(m => m.Catalog == Catalog);

    /// <summary>The kinds of hypervisor whose "offered by default" <see cref="Features"/> follows.</summary>
    public GuestKinds Kinds { get; init; } = GuestKinds.Xen;

    /// <summary>
    /// What every host has (<see cref="Capability"/>) but the baseline leaves out, grouped by why: a kind of
    /// hypervisor does not offer it by default, or a prerequisite is left out. Sorted by reason.
    /// </summary>
    public IReadOnlyList<(string Reason, FeatureSet Features)> LeftOut(FeatureDatabase db)
    {
        var left = Capability - Features;
        var groups = new List<(string, FeatureSet)>();
        foreach (var (kind, reason) in new[]
        {
            (GuestKinds.Xen, "Xen does not offer it to guests by default"),
            (GuestKinds.Kvm, "QEMU/KVM does not offer it by default (no QEMU 7.2 model has it)"),
        })
        {
            if (Kinds.HasFlag(kind))
            {
                var hit = left - GuestVisibility.Offered(kind);
                if (!hit.IsEmpty)
                {
                    groups.Add((reason, hit));
                    left -= hit;
                }
            }
        }

        if (!left.IsEmpty)
        {
            groups.Add(("a prerequisite is left out, or some host's default does not offer it", left));
        }

        return groups;
    }

    /// <summary>The baseline as a profile named <c>baseline</c>, bound to the hosts, for the backends.</summary>
    public required ProfileIr Profile { get; init; }
}
