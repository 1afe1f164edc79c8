namespace Cpupolicy.Core.Diagnostics;

// CP10xx: aarch64 (issue 16): reading aarch64 inventories (/proc/cpuinfo, ID-register dumps), policies over aarch64
// hosts, and the aarch64 QEMU backend. Features there are ID-register field levels (Core/Database/Arm64/), so these
// messages name the register, the field and the level.
public static partial class DiagnosticCatalog
{
    /// <summary>An aarch64 /proc/cpuinfo lacks `Features` or `CPU implementer`/`CPU part`, or a value is not a number.</summary>
    public static readonly DiagnosticDescriptor Arm64CpuinfoIncomplete = new("CP1001", Severity.Error, "aarch64 /proc/cpuinfo without the fields cpupolicy needs");

    /// <summary>An ID-register dump (the aarch64 probe's JSON) is malformed: no registers, a value that is not hex, no MIDR_EL1.</summary>
    public static readonly DiagnosticDescriptor Arm64RegistersInvalid = new("CP1002", Severity.Error, "unreadable aarch64 ID-register dump");

    /// <summary>Names in an aarch64 `Features` line that the database has no field level for (ignored).</summary>
    public static readonly DiagnosticDescriptor Arm64HwcapIgnored = new("CP1003", Severity.Warning, "hwcap names without an ID-register level were ignored");

    /// <summary>A profile (or baseline) derives from x86 hosts and aarch64 hosts at once.</summary>
    public static readonly DiagnosticDescriptor MixedArchitectures = new("CP1004", Severity.Error, "profile mixes x86 and aarch64 hosts");

    /// <summary>`FIELD &gt;=` in a feature list with no level after it.</summary>
    public static readonly DiagnosticDescriptor FieldLevelExpected = new("CP1005", Severity.Error, "`>=` without a field level");

    /// <summary>`FIELD &gt;= LEVEL` where FIELD is not an aarch64 ID-register field or LEVEL is not one of its levels.</summary>
    public static readonly DiagnosticDescriptor Arm64LevelUnknown = new("CP1006", Severity.Error, "unknown aarch64 field or level");

    /// <summary>A profile of one architecture names a feature or model of the other (`avx2` over Kunpeng hosts).</summary>
    public static readonly DiagnosticDescriptor FeatureOfOtherArch = new("CP1007", Severity.Error, "feature of the other architecture");

    /// <summary>The profile leaves out an aarch64 feature its hosts have, and the chosen QEMU release has no way to hide it.</summary>
    public static readonly DiagnosticDescriptor Arm64CannotHide = new("CP1008", Severity.Error, "the QEMU release cannot hide an aarch64 feature");

    /// <summary>A `target` backend has no aarch64 artifact; the aarch64 profiles get none from it.</summary>
    public static readonly DiagnosticDescriptor TargetWithoutArm64 = new("CP1009", Severity.Warning, "backend has no aarch64 artifact");

    /// <summary>An aarch64 profile gives the guest a PMU (ID_AA64DFR0_EL1.PMUVer), which does not live-migrate between Kunpeng generations.</summary>
    public static readonly DiagnosticDescriptor Arm64PmuNotMigratable = new("CP1010", Severity.Warning, "aarch64 PMU is not migratable");

    /// <summary>A QEMU release option that only exists for aarch64 (`8.2`, `openeuler-8.2`) given for an x86 profile.</summary>
    public static readonly DiagnosticDescriptor QemuReleaseWrongArch = new("CP1011", Severity.Error, "QEMU release has no x86 models here");

    /// <summary>An aarch64 `-cpu` artifact with a property this release does not have, or a value it does not take.</summary>
    public static readonly DiagnosticDescriptor Arm64CpuPropertyInvalid = new("CP1012", Severity.Error, "invalid aarch64 -cpu property");

    /// <summary>`migrate` from an aarch64 boot host to one of an older (or unrelated) generation: the one-way rule refuses it.</summary>
    public static readonly DiagnosticDescriptor Arm64OneWayMigration = new("CP1013", Severity.Error, "aarch64 live migration goes from older to newer only");

    /// <summary>`migrate` between aarch64 hosts whose counter frequencies (CNTFRQ_EL0) differ.</summary>
    public static readonly DiagnosticDescriptor Arm64CounterMismatch = new("CP1014", Severity.Error, "aarch64 hosts with different counter frequencies");

    /// <summary>`migrate` between aarch64 hosts whose guests get different GIC versions.</summary>
    public static readonly DiagnosticDescriptor Arm64GicMismatch = new("CP1015", Severity.Error, "aarch64 hosts with different GIC versions");

    /// <summary>`migrate` of an aarch64 VM whose CPU has a PMU, whose state does not migrate between generations.</summary>
    public static readonly DiagnosticDescriptor Arm64PmuNotMigrated = new("CP1016", Severity.Warning, "the VM's PMU does not migrate");

    /// <summary>An aarch64 `virsh capabilities` names a `&lt;model&gt;` that is not in libvirt's aarch64 cpu_map.</summary>
    public static readonly DiagnosticDescriptor Arm64LibvirtModelUnknown = new("CP1017", Severity.Error, "aarch64 model unknown to libvirt's map");

    /// <summary>`migrate --vm` with an aarch64 `-cpu host,...` (or libvirt host-passthrough) artifact but no `--from`: the VM's set is the boot host's.</summary>
    public static readonly DiagnosticDescriptor Arm64ArtifactNeedsBootHost = new("CP1030", Severity.Error, "an aarch64 host CPU artifact needs the boot host");

    /// <summary>`migrate --vm` with a `-cpu host`/`max` (or host-passthrough `&lt;cpu&gt;`) that has a property only x86 has, against an aarch64 host.</summary>
    public static readonly DiagnosticDescriptor X86PropertyOnArm64Host = new("CP1035", Severity.Error, "an x86-only CPU property against an aarch64 host");

    /// <summary>`migrate --vm` with a `-cpu host`/`max` (or host-passthrough `&lt;cpu&gt;`) of either architecture, between hosts of two architectures.</summary>
    public static readonly DiagnosticDescriptor HostCpuBetweenArchitectures = new("CP1036", Severity.Error, "a host CPU artifact between hosts of two architectures");

    /// <summary>A profile gives paca/pacg while its hosts are known to implement it with different PAuth algorithms (fields).</summary>
    public static readonly DiagnosticDescriptor Arm64PauthAlgorithmsDiffer = new("CP1031", Severity.Warning, "the profile's hosts implement pointer authentication with different algorithms");

    /// <summary>`migrate` of a VM with paca/pacg between hosts known to implement it with different PAuth algorithms.</summary>
    public static readonly DiagnosticDescriptor Arm64PauthMigration = new("CP1032", Severity.Error, "aarch64 hosts with different pointer-authentication algorithms");
}
