using Cpupolicy.Core.Database;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Inventory;

/// <summary>
/// What one host can do, as read from one inventory file: vendor, signature where the format has it, the features the
/// file states, and which features the file could have stated at all (<see cref="Knowable"/>).
/// </summary>
public sealed record HostCapability
{
    /// <summary>The path the file was read from (<c>-</c> for stdin), as given; diagnostics name it.</summary>
    public required string SourcePath { get; init; }

    public required InventoryFormat Format { get; init; }

    /// <summary><see cref="CpuVendor.Unknown"/> where the format does not say (a bare Xen featureset).</summary>
    public CpuVendor Vendor { get; init; }

    /// <summary>Display family (base + extended), or null when the format lacks it.</summary>
    public int? Family { get; init; }

    /// <summary>Display model (extended model folded in), or null when the format lacks it.</summary>
    public int? Model { get; init; }

    public int? Stepping { get; init; }

    /// <summary>
    /// Every database feature the file says the host has, as stated: no dependency clearing, because libvirt and the
    /// other tools report bits that way too (e.g. ARCH_CAPABILITIES MSR bits on a CPU whose CPUID hides the MSR).
    /// What a hypervisor can offer a guest is <see cref="FeatureDatabase.DropUnsatisfied"/> of this.
    /// </summary>
    public required FeatureSet Features { get; init; }

    /// <summary>
    /// The features this file can speak about: a feature in here but not in <see cref="Features"/> is absent, one
    /// outside is unknown (e.g. <c>/proc/cpuinfo</c> cannot name bits Linux hides; libvirt lists only its map's names).
    /// </summary>
    public required FeatureSet Knowable { get; init; }

    /// <summary>
    /// What the host's hypervisor gives a new guest by default, where the file says so (XAPI's
    /// <c>features_hvm_host</c> beside <c>features_hvm</c>); null where the default is inferred from the capability.
    /// </summary>
    public FeatureSet? DefaultFeatures { get; init; }

    /// <summary>The raw leaves and MSRs, for the formats that carry them (CPUID dump, libvirt CPUID data, probe).</summary>
    public CpuidDump? Raw { get; init; }

    /// <summary>The model the file names: libvirt's <c>&lt;model&gt;</c>, KubeVirt's host-model label.</summary>
    public string? StatedModel { get; init; }

    /// <summary>
    /// The named models the file says the host can run (KubeVirt's <c>cpu-model.node.kubevirt.io/M: "true"</c> labels,
    /// set by the node labeller for the models libvirt reports usable there), sorted; null where the format does not say.
    /// </summary>
    public IReadOnlyList<string>? LabelledModels { get; init; }

    /// <summary>The Kubernetes node's <c>metadata.name</c> (a KubeVirt node inventory), else null.</summary>
    public string? NodeName { get; init; }

    /// <summary>
    /// Every label of a KubeVirt node (<c>metadata.labels</c>, values as written), else null: what a VM's node
    /// selectors and node affinity are matched against (<c>migrate</c> of a VMI or virt-launcher pod).
    /// </summary>
    public IReadOnlyDictionary<string, string>? NodeLabels { get; init; }

    /// <summary>The model catalog <see cref="StatedModel"/> was expanded through (e.g. <c>libvirt-9.0.0</c>), if any.</summary>
    public string? StatedModelCatalog { get; init; }

    /// <summary>
    /// The architecture the file states when it is not x86 (<c>&lt;arch&gt;ia64&lt;/arch&gt;</c>), else null. Only read
    /// when <see cref="InventoryOptions.AllowForeignArch"/> is set; such a host has no features.
    /// </summary>
    public string? ForeignArch { get; init; }

    /// <summary>The aarch64 view (field levels, MIDR) of an aarch64 inventory, else null. Such a host has no x86 features.</summary>
    public Arm64Host? Arm64 { get; init; }

    /// <summary>True when the file states no vendor and <see cref="Vendor"/> was taken from its model's definition.</summary>
    public bool VendorInferred { get; init; }

    /// <summary>Non-fatal problems met while reading (ignored unknown names, unknown bits).</summary>
    public IReadOnlyList<Diagnostic> Warnings { get; init; } = [];

    /// <summary>The CPUID leaf-0 vendor string, or null when the vendor is unknown.</summary>
    public string? VendorString => Vendor == CpuVendor.Unknown ? null : Vendor.CpuidString();
}
