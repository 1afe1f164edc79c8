using Cpupolicy.Core.Database;
using Cpupolicy.Core.Ir;

namespace Cpupolicy.Core.Backends;

/// <summary>Which named models <c>model auto</c> may pick for a profile, by vendor (policy-language.md, "Vendors").</summary>
public static class ModelVendors
{
    /// <summary>
    /// A profile bound to one vendor takes that vendor's models or vendor-neutral ones (a model's vendor becomes the
    /// guest's CPUID vendor string). A profile derived from hosts of several vendors takes only vendor-neutral models,
    /// so that it claims neither vendor on either host. A profile derived from no host takes any model.
    /// </summary>
    public static bool Fits(CpuModel model, ProfileIr profile) => Fits(model.Vendor, model.Vendor == CpuVendor.Unknown, profile);

    /// <summary>
    /// The rule above for a model whose guest-visible vendor is <paramref name="vendor"/> and which is meant to run
    /// anywhere when <paramref name="neutral"/> (QEMU gives even its generic models a vendor string: qemu64 is
    /// AuthenticAMD, kvm64 GenuineIntel; libvirt's map lists them without one).
    /// </summary>
    public static bool Fits(CpuVendor vendor, bool neutral, ProfileIr profile)
    {
        if (profile.Vendor != CpuVendor.Unknown)
        {
            return vendor == profile.Vendor || vendor == CpuVendor.Unknown;
        }

        return profile.Hosts.Count == 0 || neutral;
    }

    /// <summary>Text for messages: what kind of model the profile needed.</summary>
    public static string Describe(ProfileIr profile) => profile.Vendor != CpuVendor.Unknown
        ? $"a {profile.Vendor.LibvirtName()} or vendor-neutral model"
        : profile.Hosts.Count == 0 ? "any model" : "a vendor-neutral model (the profile's hosts have different vendors)";
}
