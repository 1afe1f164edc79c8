using Cpupolicy.Core.Backends;
using Cpupolicy.Core.Database.Arm64;
using Cpupolicy.Compiler.Inventory;
using Cpupolicy.Core.Ir;
using Cpupolicy.Tests.Fuzz.Harness;

namespace Cpupolicy.Tests.Fuzz.Targets;

/// <summary>Every fuzz target, in the order of fuzz/README.md's table.</summary>
public static class FuzzTargets
{
    public static IReadOnlyList<FuzzTarget> All(FuzzPaths paths)
    {
        var bundle = new HookBundleFixture(paths);
        var parse = new PolicyParseTarget();
        var fmt = new PolicyFmtTarget();
        var compile = new PolicyCompileTarget(paths);
        var inventory = Inventory("inventory", "InventoryReader.Parse (detection + reader)", InventoryReader.Parse, InventoryTokens, InventorySeeds.All);
        var domain = new DomainXmlTarget();
        var xl = new XlConfigTarget();
        var elf = new ElfAuditTarget();
        var migrate = new MigrateVmTarget(paths);
        return
        [
            parse,
            fmt,
            compile,
            inventory,
            Inventory("inventory-cpuid-dump", "CpuidDumpReader.Parse", CpuidDumpReader.Parse, FuzzTokens.Hex, p => InventorySeeds.Samples(p, "*cpuid-r*")),
            Inventory("inventory-libvirt-cpudata", "LibvirtCpuDataReader.Parse", LibvirtCpuDataReader.Parse, FuzzTokens.Xml,
                p => InventorySeeds.Examples(p).Concat(InventorySeeds.LibvirtData(p, "x86_64-cpuid-*.xml", 20))),
            Inventory("inventory-libvirt-hostcpu", "LibvirtHostCpuReader.Parse", LibvirtHostCpuReader.Parse, FuzzTokens.Xml,
                p => InventorySeeds.Samples(p, "*virsh*").Concat(InventorySeeds.LibvirtData(p, "x86_64-cpuid-*-host.xml", 8))),
            Inventory("inventory-proc-cpuinfo", "ProcCpuinfoReader.Parse", ProcCpuinfoReader.Parse, CpuinfoTokens, p => InventorySeeds.Samples(p, "*cpuinfo*")),
            Inventory("inventory-xen-featureset", "XenFeaturesetReader.Parse", XenFeaturesetReader.Parse, FuzzTokens.Hex, _ => []),
            Inventory("inventory-kubevirt-node", "KubevirtNodeReader.Parse", KubevirtNodeReader.Parse, FuzzTokens.Yaml, _ => []),
            Inventory("inventory-probe", "ProbeReader.Parse", ProbeReader.Parse, ProbeTokens, _ => []),
            Inventory("inventory-arm64-cpuinfo", "Arm64CpuinfoReader.Parse", (text, path, _) => Arm64CpuinfoReader.Parse(text, path, Arm64Database.Default),
                Arm64CpuinfoTokens, InventorySeeds.Arm64Samples),
            Inventory("inventory-arm64-registers", "Arm64RegisterReader.Parse", (text, path, _) => Arm64RegisterReader.Parse(text, path, Arm64Database.Default),
                [.. Arm64RegisterTokens, .. FuzzTokens.Hex], _ => []),
            Inventory("inventory-arm64-libvirt", "Arm64LibvirtReader.Parse", (text, path, _) => Arm64LibvirtReader.Parse(text, path, Arm64Database.Default),
                Arm64LibvirtTokens, InventorySeeds.Arm64Libvirt),
            Backend("backend-xen-libxl", "xen", [], FuzzTokens.Xl, null),
            Backend("backend-xen-xend", "xen", [("format", "xend")], FuzzTokens.Xl, ".xen.cfg"),
            Backend("backend-xapi", "xapi", [], FuzzTokens.Hex, ".xapi.txt"),
            Backend("backend-libvirt", "libvirt", [], FuzzTokens.Xml, ".libvirt.xml"),
            Backend("backend-qemu", "qemu", [], FuzzTokens.Qemu, ".qemu.txt"),
            Backend("backend-kubevirt", "kubevirt", [], FuzzTokens.Yaml, ".kubevirt.yaml"),
            Backend("backend-proxmox", "proxmox", [], ProxmoxTokens, ".proxmox.conf"),
            Backend("backend-nova", "nova", [], NovaTokens, ".nova.conf"),
            domain,
            new LibvirtHookTarget(bundle),
            new LibvirtHookTarget(HookBundleFixture.Arm64(paths), arm64: true),
            xl,
            new BundleTarget(bundle),
            elf,
            migrate,
            new KubevirtVmTarget(paths),
            new LspRequestTarget(paths),
            new CliTarget(paths, compile, "check", "policy.cpupolicy", (file, _) => ["check", file]),
            new CliTarget(paths, compile, "compile", "policy.cpupolicy", (file, output) => ["compile", file, "--out", output]),
            new CliTarget(paths, fmt, "fmt", "policy.cpupolicy", (file, _) => ["fmt", file]),
            new CliTarget(paths, inventory, "host", "host.txt", (file, _) => ["host", file]),
            new CliTarget(paths, elf, "audit", "binary", (file, _) => ["audit", file]),
            new CliTarget(paths, domain, "apply-libvirt", "domain.xml", (file, _) => ["apply", "libvirt", file, "--bundle", bundle.Path]),
            new CliTarget(paths, xl, "apply-xl", "vm.cfg", (file, _) => ["apply", "xl", file, "--bundle", bundle.Path, "--stdout"]),
            new CliTarget(paths, migrate, "migrate", "vm.txt", (file, _) => ["migrate", "--vm", file, "--to", "hosts/x86_64-cpuid-Xeon-E5-2630-v3.xml"]),
            new CliTarget(paths, inventory, "baseline", "host.txt", (file, _) => ["baseline", file, "hosts/x86_64-cpuid-Core-i7-3770.xml"]),
            new CliTarget(paths, compile, "diff", "new.cpupolicy", (file, _) => ["diff", CliTarget.ValidPolicyName, file]),
            new CliTarget(paths, compile, "evacuate", "policy.cpupolicy", (file, _) => ["evacuate", "--policy", file, "--host", "h0"]),
            new CliTarget(paths, compile, "plan", "policy.cpupolicy", (file, _) => ["plan", "--policy", file, "--remove", "h0"]),
            new CliTarget(paths, compile, "report", "policy.cpupolicy", (file, output) => ["report", "--policy", file, "--out", Path.Combine(output, "report.html")]),
        ];
    }

    public static FuzzTarget? Find(FuzzPaths paths, string name) => All(paths).FirstOrDefault(t => t.Name == name);

    private static IReadOnlyList<string> InventoryTokens => [.. FuzzTokens.Xml, .. FuzzTokens.Yaml, .. FuzzTokens.Hex, .. CpuinfoTokens, .. ProbeTokens];

    private static readonly string[] CpuinfoTokens =
    [
        "processor\t: 0\n", "vendor_id\t: GenuineIntel\n", "vendor_id\t: AuthenticAMD\n", "cpu family\t: 6\n", "model\t\t: 85\n", "stepping\t: 7\n",
        "flags\t\t: ", "flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ss ht syscall nx lm\n",
        "model name\t: Intel(R) Xeon(R)\n", "bugs\t\t: ", ": ", "\n\n", "avx2 ", "sse4_1 ", "lahf_lm ", "la57 ", "hypervisor ", "x2apic ",
    ];

    private static readonly string[] Arm64CpuinfoTokens =
    [
        "processor\t: 0\n", "BogoMIPS\t: 200.00\n", "Features\t: ", "fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics ", "sve ", "asimddp ",
        "CPU implementer\t: 0x48\n", "CPU implementer\t: 0x41\n", "CPU architecture: 8\n", "CPU variant\t: 0x1\n", "CPU part\t: 0xd01\n",
        "CPU part\t: 0xd0c\n", "CPU revision\t: 0\n", "\n\n", ": ",
    ];

    private static readonly string[] Arm64RegisterTokens =
    [
        "{\"arch\":\"aarch64\",\"registers\":{", "}}", "\"MIDR_EL1\":", "\"ID_AA64ISAR0_EL1\":", "\"ID_AA64ISAR1_EL1\":", "\"ID_AA64PFR0_EL1\":",
        "\"ID_AA64ZFR0_EL1\":", "\"CNTFRQ_EL0\":", "\"0x0000100010211120\"", "\"0x414fd0c1\"", "\"0xffffffffffffffff\"", ",", "\"arch\":\"x86_64\"",
    ];

    /// <summary>libvirt's aarch64 capabilities and domcapabilities: the elements the reader looks at, and every aarch64 model of its cpu_map.</summary>
    private static IReadOnlyList<string> Arm64LibvirtTokens =>
    [
        .. FuzzTokens.Xml, "<arch>aarch64</arch>", "<arch>x86_64</arch>", "<arch name='aarch64'>", "<model>Kunpeng-920</model>", "<model>", "<vendor>HiSilicon</vendor>",
        "<vendor>ARM</vendor>", "<feature name='sve'/>", "<feature name='paca'/>", "<feature name='pacg'/>", "<feature policy='require' name='sve'/>",
        "<gic supported='yes'>", "<enum name='version'>", "</enum>", "<value>2</value>", "<value>3</value>", "<value>4</value>", "</gic>", "<features>",
        "</features>", "<mode name='host-model' supported='no'>", "<mode name='host-passthrough' supported='yes'>", "</mode>", "</host>", "</capabilities>",
        "</domainCapabilities>", "<machine>virt</machine>", .. Arm64Database.Default.LibvirtModels,
    ];

    private static readonly string[] ProxmoxTokens =
    [
        "cpu-model: ", "\treported-model ", "\tflags ", "+avx2", ";-hle", ";", "\tphys-bits ", "host", "\thidden 1\n", "\thv-vendor-id ",
        "# cpu: custom-", "cpu: custom-", "Skylake-Server", "kvm64", "\n\n",
    ];

    private static readonly string[] NovaTokens =
    [
        "[libvirt]\n", "cpu_mode = custom\n", "cpu_mode = host-model\n", "cpu_models = ", "cpu_model_extra_flags = ", "+avx2", ", -hle", ", ",
        "trait:HW_CPU_X86_AVX2=required\n", "# ", "[DEFAULT]\n", " = ", "Skylake-Server-IBRS", "Cascadelake-Server", "\n",
    ];

    private static readonly string[] ProbeTokens =
    [
        "cpupolicy-probe v1\n", "cpupolicy-probe v2\n", "cpuid ", "msr ", "end\n", "00000007 ", "00000000 ", "ffffffff ", "0000010a ", "000000000000006b",
        "80000001 ", "0000000d ", "# c\n", "\n",
    ];

    private static InventoryTarget Inventory(
        string name, string reader, Func<string, string, InventoryOptions, HostCapability> read, IReadOnlyList<string> tokens, Func<FuzzPaths, IEnumerable<string>> seeds) =>
        new(name, "compiler/Cpupolicy.Compiler/Inventory/" + reader, read, tokens, seeds);

    private static BackendDecodeTarget Backend(string name, string backend, (string Key, string Value)[] options, IReadOnlyList<string> tokens, string? seedSuffix) =>
        new(name, backend, new TargetOptions(backend, options.ToDictionary(o => o.Key, o => o.Value, StringComparer.Ordinal)), tokens, seedSuffix);
}
