using Cpupolicy.Core.Database;
using Cpupolicy.Core.Database.Arm64;

namespace Cpupolicy.Compiler.Inventory;

/// <summary>
/// What an aarch64 inventory says: the field levels (<see cref="Levels"/>, the truth a minimum is computed on), the
/// features they give over <see cref="Arm64Database"/>, the features the file could state at all, and MIDR. The
/// <see cref="HostCapability"/> that carries this has no x86 features and <c>ForeignArch = "aarch64"</c>, so x86-only
/// code sees a featureless foreign host.
/// </summary>
public sealed record Arm64Host(Arm64Levels Levels, FeatureSet Knowable, Arm64Midr? Midr, IReadOnlyDictionary<string, ulong>? Registers)
{
    public const string Arch = "aarch64";

    public FeatureSet Features => Levels.Features;

    public Arm64Database Database => Levels.Database;

    public CpuVendor Vendor => Midr is { } m ? Database.VendorOf(m.Implementer) : CpuVendor.Unknown;

    /// <summary>
    /// CNTFRQ_EL0 in Hz (the generic timer's frequency the guest is told), where the file carries it (an ID-register
    /// dump from the probe under KVM); null otherwise. A guest keeps the value it booted with, so hosts whose
    /// firmware programs different frequencies cannot take each other's VMs.
    /// </summary>
    public ulong? CounterHz { get; init; }

    /// <summary>
    /// The GIC version the guest gets (<c>2</c>, <c>3</c>, <c>4.1</c>), where the file says: a dump's
    /// <c>gic_version</c>, else its ID_AA64PFR0_EL1.GIC field (the CPU interface the guest sees), or the highest
    /// version libvirt's domain capabilities list. Null when unknown (/proc/cpuinfo has no GIC line).
    /// </summary>
    public string? GicVersion { get; init; }

    /// <summary>Where <see cref="GicVersion"/> was read (<c>ID_AA64PFR0_EL1.GIC = 1</c>, <c>gic_version</c>, ...).</summary>
    public string? GicSource { get; init; }

    /// <summary>False when the file names the part but not its variant and revision (libvirt's model name).</summary>
    public bool RevisionKnown { get; init; } = true;

    /// <summary><c>HiSilicon Kunpeng-920 (TSV110) r1p0</c> (without <c>r1p0</c> when the revision is unknown), or null without MIDR.</summary>
    public string? Describe() => Midr is not { } m ? null
        : RevisionKnown ? m.Describe(Database)
        : $"{Database.ImplementerName(m.Implementer)} {Database.PartName(m.Implementer, m.Part) ?? $"part 0x{m.Part:x3}"}";
}
