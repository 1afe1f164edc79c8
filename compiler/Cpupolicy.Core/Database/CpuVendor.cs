namespace Cpupolicy.Core.Database;

/// <summary>x86 CPU vendors, as named by CPUID leaf 0 (EBX, EDX, ECX).</summary>
public enum CpuVendor
{
    Unknown,
    Intel,
    Amd,
    Hygon,
    Zhaoxin,
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
        _ => "Unknown",
    };

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
            default:
                return CpuVendor.Unknown;
        }
    }
}
