using Cpupolicy.Core.Database;

namespace Cpupolicy.Core.Backends.Proxmox;

/// <summary>
/// What Proxmox VE (qemu-server 9.x, <c>PVE/QemuServer/CPUConfig.pm</c>) accepts and adds, restated as data: the
/// values of <c>reported-model</c> with the vendor Proxmox forces for each, the flags a VM's own <c>cpu:</c> line may
/// carry, and the flags Proxmox adds by itself. Facts, not code: see docs/proxmox.md for the source of each.
/// </summary>
public static class ProxmoxCatalog
{
    /// <summary>Proxmox's value for a generic model: no <c>vendor=</c> is forced.</summary>
    public const string DefaultVendor = "default";

    /// <summary>
    /// Every <c>reported-model</c> Proxmox accepts (its <c>$cpu_vendor_list</c>) and the vendor it forces with
    /// <c>vendor=</c>; <c>host</c> and <c>max</c> are left out (no fixed feature set).
    /// </summary>
    public static IReadOnlyDictionary<string, string> ReportedModels { get; } = BuildModels();

    /// <summary>Models Proxmox rewrites before QEMU sees them (removed from QEMU 7.1).</summary>
    public static IReadOnlyDictionary<string, string> Deprecated { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Icelake-Client"] = "Icelake-Server",
        ["Icelake-Client-noTSX"] = "Icelake-Server-noTSX",
    };

    /// <summary>The models Proxmox counts as 32-bit; <c>model auto</c> never picks one.</summary>
    public static IReadOnlySet<string> ThirtyTwoBit { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "486", "pentium", "pentium2", "pentium3", "coreduo", "athlon", "kvm32", "qemu32",
    };

    /// <summary>The only flags a VM's own <c>cpu:</c> line may carry (Proxmox refuses the VM config otherwise).</summary>
    public static IReadOnlySet<string> VmFlags { get; } = new SortedSet<string>(StringComparer.Ordinal)
    {
        "aes", "amd-no-ssb", "amd-ssbd", "hv-evmcs", "hv-tlbflush", "ibpb", "md-clear", "nested-virt", "pcid", "pdpe1gb",
        "spec-ctrl", "ssbd", "virt-ssbd",
    };

    /// <summary>Proxmox's built-in CPU types that are not QEMU models: each is a reported model plus flags.</summary>
    public static IReadOnlyDictionary<string, (string Reported, IReadOnlyList<(string Flag, bool On)> Flags)> BuiltinModels { get; } =
        new Dictionary<string, (string, IReadOnlyList<(string, bool)>)>(StringComparer.Ordinal)
        {
            ["x86-64-v2"] = ("qemu64", On("popcnt", "pni", "sse4.1", "sse4.2", "ssse3")),
            ["x86-64-v2-AES"] = ("qemu64", On("aes", "popcnt", "pni", "sse4.1", "sse4.2", "ssse3")),
            ["x86-64-v3"] = ("qemu64", On("aes", "popcnt", "pni", "sse4.1", "sse4.2", "ssse3", "avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "abm", "movbe", "xsave")),
            ["x86-64-v4"] = ("qemu64", On(
                "aes", "popcnt", "pni", "sse4.1", "sse4.2", "ssse3", "avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "abm", "movbe", "xsave",
                "avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl")),
        };

    /// <summary>Proxmox's shorthand for vmx or svm, whichever the host has: the guest's features depend on the host.</summary>
    public const string NestedVirt = "nested-virt";

    /// <summary>
    /// The feature flags Proxmox adds for a reported model before the custom model's own flags (which override them):
    /// kvm64 gets <c>+lahf_lm</c> and <c>+sep</c>, kvm32 <c>+sep</c>, every Opteron <c>-rdtscp</c>. (It also adds
    /// <c>+kvm_pv_unhalt</c>, <c>+kvm_pv_eoi</c> under KVM, and <c>-x2apic</c> for ostype solaris; see docs/proxmox.md.)
    /// </summary>
    public static IEnumerable<(string Flag, bool On)> AddedFlags(string reportedModel)
    {
        if (reportedModel == "kvm64")
        {
            yield return ("lahf_lm", true);
        }

        if (reportedModel is "kvm64" or "kvm32")
        {
            yield return ("sep", true);
        }

        if (reportedModel.StartsWith("Opteron", StringComparison.Ordinal))
        {
            yield return ("rdtscp", false);
        }
    }

    /// <summary>The vendor a reported model shows the guest, or Unknown for a generic one.</summary>
    public static CpuVendor VendorOf(string reportedModel) => ReportedModels.GetValueOrDefault(reportedModel) switch
    {
        "GenuineIntel" => CpuVendor.Intel,
        "AuthenticAMD" => CpuVendor.Amd,
        _ => CpuVendor.Unknown,
    };

    private static (string, bool)[] On(params string[] flags) => flags.Select(f => (f, true)).ToArray();

    private static Dictionary<string, string> BuildModels()
    {
        const string intel = "GenuineIntel";
        const string amd = "AuthenticAMD";
        string[] intelModels =
        [
            "486", "pentium", "pentium2", "pentium3", "coreduo", "core2duo", "Conroe", "Penryn", "Nehalem", "Nehalem-IBRS",
            "Westmere", "Westmere-IBRS", "SandyBridge", "SandyBridge-IBRS", "IvyBridge", "IvyBridge-IBRS", "Haswell",
            "Haswell-IBRS", "Haswell-noTSX", "Haswell-noTSX-IBRS", "Broadwell", "Broadwell-IBRS", "Broadwell-noTSX",
            "Broadwell-noTSX-IBRS", "Skylake-Client", "Skylake-Client-IBRS", "Skylake-Client-noTSX-IBRS", "Skylake-Client-v4",
            "Skylake-Server", "Skylake-Server-IBRS", "Skylake-Server-noTSX-IBRS", "Skylake-Server-v4", "Skylake-Server-v5",
            "Cascadelake-Server", "Cascadelake-Server-v2", "Cascadelake-Server-noTSX", "Cascadelake-Server-v4",
            "Cascadelake-Server-v5", "Cooperlake", "Cooperlake-v2", "KnightsMill", "Icelake-Client", "Icelake-Client-noTSX",
            "Icelake-Server", "Icelake-Server-noTSX", "Icelake-Server-v3", "Icelake-Server-v4", "Icelake-Server-v5",
            "Icelake-Server-v6", "SapphireRapids", "SapphireRapids-v2", "GraniteRapids",
        ];
        string[] amdModels =
        [
            "athlon", "phenom", "Opteron_G1", "Opteron_G2", "Opteron_G3", "Opteron_G4", "Opteron_G5", "EPYC", "EPYC-IBPB",
            "EPYC-v3", "EPYC-v4", "EPYC-Rome", "EPYC-Rome-v2", "EPYC-Rome-v3", "EPYC-Rome-v4", "EPYC-Milan", "EPYC-Milan-v2",
            "EPYC-Genoa",
        ];
        string[] generic = ["kvm32", "kvm64", "qemu32", "qemu64"];
        var all = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var m in intelModels)
        {
            all[m] = intel;
        }

        foreach (var m in amdModels)
        {
            all[m] = amd;
        }

        foreach (var m in generic)
        {
            all[m] = DefaultVendor;
        }

        return all;
    }
}
