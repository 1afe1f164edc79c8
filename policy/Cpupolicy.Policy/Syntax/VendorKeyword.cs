namespace Cpupolicy.Policy.Syntax;

/// <summary>
/// The vendors a <c>vendor</c> constraint can name: <c>intel</c> and <c>amd</c> (CPUID), <c>hisilicon</c>, <c>arm</c>
/// and <c>ampere</c> (the aarch64 MIDR implementers).
/// </summary>
public enum VendorKeyword
{
    Intel,
    Amd,
    HiSilicon,
    Arm,
    Ampere,
}
