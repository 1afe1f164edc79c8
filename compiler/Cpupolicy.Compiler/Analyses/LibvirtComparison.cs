using Cpupolicy.Compiler.Backends.Libvirt;
using Cpupolicy.Compiler.Database;
using Cpupolicy.Compiler.Semantics.Binding;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// libvirt's own answer to "does this <c>&lt;cpu&gt;</c> fit this host?" (<c>virsh cpu-compare</c>;
/// <c>virCPUx86Compare</c> → <c>x86Compute</c> in src/cpu/cpu_x86.c), computed on feature sets in the same order:
/// <list type="number">
/// <item>a CPU whose <c>&lt;arch&gt;</c> is not x86 is INCOMPATIBLE;</item>
/// <item>a CPU that states a vendor is INCOMPATIBLE with a host that states none or another;</item>
/// <item><c>forbid</c> features the host has: INCOMPATIBLE ("Host CPU provides forbidden features");</item>
/// <item>the model and <c>require</c> features, minus those forced, optional or disabled, must all be on the host
/// ("Host CPU does not provide required features"); forced and optional ones are not checked at all;</item>
/// <item>host features the CPU does not mention make it SUPERSET, and INCOMPATIBLE under <c>match='strict'</c>
/// ("Host CPU does not strictly match guest CPU: Extra features"); otherwise IDENTICAL.</item>
/// </list>
/// The host CPU is the host's features as given (<see cref="HostSymbol.Decoded"/>), limited to the names of the
/// cpu_map the guest CPU was read with, and its vendor only when the host description states one. For the
/// <c>forbid</c> and required checks it also has what the host's capability adds, i.e. <c>hypervisor</c>, which every
/// hypervisor gives its guests (libvirt's hypervisor-aware comparison, <c>virsh hypervisor-cpu-compare</c>, sees it;
/// a <c>&lt;cpu&gt;</c> cpupolicy emits requires it); the <c>strict</c> extras are counted on the host CPU alone.
/// </summary>
public sealed record LibvirtComparison(LibvirtCompareResult Result, string Message, FeatureSet Features)
{
    public const string ForbiddenMessage = "Host CPU provides forbidden features";
    public const string StrictMessage = "Host CPU does not strictly match guest CPU: Extra features";

    public bool Compatible => Result != LibvirtCompareResult.Incompatible;

    public static LibvirtComparison Compare(LibvirtCpuDefinition cpu, HostSymbol host)
    {
        if (cpu.ForeignArch is { } arch)
        {
            return Incompatible($"CPU arch {arch} does not match host arch", FeatureSet.Empty);
        }

        if (host.Inventory?.ForeignArch is { } hostArch)
        {
            return Incompatible($"host arch {hostArch} is not x86", FeatureSet.Empty);
        }

        var hostVendor = host.Inventory?.VendorInferred == true ? CpuVendor.Unknown : host.Vendor;
        if (cpu.Vendor != CpuVendor.Unknown && cpu.Vendor != hostVendor)
        {
            return Incompatible($"host CPU vendor does not match required CPU vendor {cpu.Vendor.LibvirtName()}", FeatureSet.Empty);
        }

        var hostModel = host.Decoded & cpu.Vocabulary;
        var offered = (host.Decoded | host.Capability) & cpu.Vocabulary;
        var forbidden = cpu.Forbid & offered;
        if (!forbidden.IsEmpty)
        {
            return Incompatible(ForbiddenMessage, forbidden);
        }

        var missing = cpu.Required - offered;
        if (!missing.IsEmpty)
        {
            return Incompatible("Host CPU does not provide required features", missing);
        }

        var extra = hostModel - cpu.Mentioned;
        if (extra.IsEmpty)
        {
            return new LibvirtComparison(LibvirtCompareResult.Identical, "the host CPU is identical", FeatureSet.Empty);
        }

        return cpu.Match == "strict"
            ? Incompatible(StrictMessage, extra)
            : new LibvirtComparison(LibvirtCompareResult.Superset, "the host CPU is a superset", extra);
    }

    private static LibvirtComparison Incompatible(string message, FeatureSet features) =>
        new(LibvirtCompareResult.Incompatible, message, features);
}
