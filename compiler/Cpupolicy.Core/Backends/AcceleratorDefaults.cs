using Cpupolicy.Core.Database;

namespace Cpupolicy.Core.Backends;

/// <summary>
/// Features whose QEMU default depends on the accelerator rather than on the CPU model (QEMU 7.2
/// <c>tcg_default_props</c> / <c>kvm_default_props</c>, research libvirt-qemu.md §4.7): TCG turns <c>vme</c> off;
/// KVM turns x2apic and the KVM paravirt leaves on and acpi/monitor/svm off. <c>hypervisor</c> is added because
/// whether a guest is told it is virtualised must not depend on an implicit model bit either. The QEMU and libvirt
/// artifacts always name these explicitly, so the guest sees the same thing under TCG and KVM.
/// </summary>
public static class AcceleratorDefaults
{
    private static readonly string[] Names =
    [
        "vme", "x2apic", "monitor", "svm", "acpi", "hypervisor",
        "kvmclock", "kvm-nopiodelay", "kvm-asyncpf", "kvm-asyncpf-int", "kvm-steal-time", "kvm-pv-eoi",
        "kvmclock-stable-bit", "kvm-msi-ext-dest-id",
    ];

    /// <summary>The accelerator-dependent features the database knows (names it lacks are skipped).</summary>
    public static FeatureSet In(FeatureDatabase db) =>
        FeatureSet.Of(Names.Select(db.Find).OfType<FeatureDefinition>());
}
