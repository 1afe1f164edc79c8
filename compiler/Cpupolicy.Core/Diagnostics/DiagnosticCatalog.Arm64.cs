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
}
