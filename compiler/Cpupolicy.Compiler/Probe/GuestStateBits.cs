using Cpupolicy.Core.Database;

namespace Cpupolicy.Compiler.Probe;

/// <summary>
/// The one list of CPUID bits whose value a guest decides by its own state rather than its hypervisor's
/// configuration. The probe leaves that state as the CPU comes out of reset (it never sets CR4 bits, never touches the
/// APIC), so these bits say nothing about an artifact and are left out of every comparison (docs/probe.md).
/// </summary>
public static class GuestStateBits
{
    /// <summary>Each bit, with the state it reflects.</summary>
    public static IReadOnlyList<(string Feature, string Reason)> Entries { get; } =
    [
        ("osxsave", "mirrors CR4.OSXSAVE, which the guest OS sets; the probe never does"),
        ("ospke", "mirrors CR4.PKE, which the guest OS sets; the probe never does"),
    ];

    public static FeatureSet In(FeatureDatabase db) =>
        FeatureSet.Of(Entries.Select(e => db.Find(e.Feature)).OfType<FeatureDefinition>());
}
