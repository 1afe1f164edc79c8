namespace Cpupolicy.Core.Database;

/// <summary>CPU vendors: x86 as named by CPUID leaf 0 (EBX, EDX, ECX); aarch64 as named by MIDR_EL1's implementer.</summary>
public enum CpuVendor
{
    Unknown,
    Intel,
    Amd,
    Hygon,
    Zhaoxin,

    /// <summary>aarch64 MIDR implementer 0x48 (Kunpeng).</summary>
    HiSilicon,

    /// <summary>aarch64 MIDR implementer 0x41 (Cortex, Neoverse; also Ampere Altra, built on Neoverse-N1).</summary>
    Arm,

    /// <summary>aarch64 MIDR implementer 0xC0 (AmpereOne).</summary>
    Ampere,
}

/// <summary>Conversions between <see cref="CpuVendor"/> and the spellings of CPUID, libvirt and the policy language.</summary>
public static class CpuVendors
{
    /// <summary>The 12-character CPUID leaf 0 string ("GenuineIntel").</summary>
    public static string CpuidString(this CpuVendor vendor) => vendor switch
    {
        CpuVendor.Intel => "GenuineIntel",
        CpuVendor.Amd => "AuthenticAMD",
        CpuVendor.Hygon => "HygonGenuine",
        CpuVendor.Zhaoxin => "CentaurHauls",
        _ => "Unknown",
    };

    /// <summary>libvirt's vendor name (<c>&lt;vendor&gt;Intel&lt;/vendor&gt;</c>).</summary>
    public static string LibvirtName(this CpuVendor vendor) => vendor switch
    {
        CpuVendor.Intel => "Intel",
        CpuVendor.Amd => "AMD",
        CpuVendor.Hygon => "Hygon",
        CpuVendor.Zhaoxin => "Zhaoxin",
        CpuVendor.HiSilicon => "HiSilicon",
        CpuVendor.Arm => "ARM",
        CpuVendor.Ampere => "Ampere",
        _ => "Unknown",
    };

    /// <summary>True for the aarch64 implementers.</summary>
    public static bool IsArm64(this CpuVendor vendor) => vendor is CpuVendor.HiSilicon or CpuVendor.Arm or CpuVendor.Ampere;

    /// <summary>The lower-case keyword of the policy language (<c>vendor intel</c>).</summary>
    public static string Keyword(this CpuVendor vendor) => vendor.ToString().ToLowerInvariant();

    /// <summary>Parses any of the spellings above (case-insensitive); <see cref="CpuVendor.Unknown"/> when none fits.</summary>
    public static CpuVendor Parse(string? text)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "genuineintel" or "intel":
                return CpuVendor.Intel;
            case "authenticamd" or "amd":
                return CpuVendor.Amd;
            case "hygongenuine" or "hygon":
                return CpuVendor.Hygon;
            case "centaurhauls" or "zhaoxin":
                return CpuVendor.Zhaoxin;
            case "hisilicon":
                return CpuVendor.HiSilicon;
            case "arm":
                return CpuVendor.Arm;
            case "ampere":
                return CpuVendor.Ampere;
            default:
                return CpuVendor.Unknown;
        }
    }
}
