using Cpupolicy.Compiler.Inventory;

namespace Cpupolicy.Tests.Diagnostics;

// CP10xx: aarch64 inventories and analyses.
public static partial class DiagnosticCases
{
    private const string KunpengCpuinfo =
        "processor\t: 0\nBogoMIPS\t: 200.00\nFeatures\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics cpuid\nCPU implementer\t: 0x48\nCPU architecture: 8\nCPU variant\t: 0x1\nCPU part\t: 0xd01\nCPU revision\t: 0\n\n";

    private static IEnumerable<DiagnosticCase> Arm64 =>
    [
        InventoryError("CP1001", "an aarch64 /proc/cpuinfo without `CPU part`", "processor\t: 0\nFeatures\t: fp asimd\nCPU implementer\t: 0x48\nCPU variant\t: 0x1\nCPU revision\t: 0\n\n"),
        InventoryError("CP1002", "an ID-register dump without MIDR_EL1", "{\"arch\":\"aarch64\",\"registers\":{\"ID_AA64ISAR0_EL1\":\"0x10211120\"}}"),
        InventoryWarning("CP1003", "kernel capabilities in an aarch64 Features line", KunpengCpuinfo),
        Case("CP1004", "baseline of an x86 host and an aarch64 host", ws =>
            CaseWorkspace.Cli("baseline", ws.Write("kunpeng.txt", KunpengCpuinfo), Path.Combine(Infrastructure.RepoData.RepoRoot, "data", "samples", "spr-vm.proc-cpuinfo.txt"))),
        Case("CP1004", "a profile over an x86 host and an aarch64 host", ws => ArmPolicy(ws, "host x from \"x.txt\"\nprofile p = baseline(k, x)\n", ("x.txt", File.ReadAllText(Path.Combine(Infrastructure.RepoData.RepoRoot, "data", "samples", "spr-vm.proc-cpuinfo.txt"))))),
        Case("CP1005", "`>=` without a level", _ => CaseWorkspace.Compile("profile p = {ISAR0.AES >= }\n")),
        Case("CP1006", "a level the field does not have", _ => CaseWorkspace.Compile("profile p = {ISAR0.AES >= 9}\n")),
        Case("CP1007", "an x86 feature in a profile over a Kunpeng host", ws => ArmPolicy(ws, "profile p = k + {avx2}\n")),
        Case("CP1008", "QEMU 7.2 cannot hide what only the newer host has", ws => ArmPolicy(ws, "profile p = baseline(k, k2)\ntarget qemu\n", ("k2.txt", KunpengCpuinfo.Replace("cpuid", "cpuid i8mm", StringComparison.Ordinal).Replace("0xd01", "0xd02", StringComparison.Ordinal)))),
        Case("CP1009", "target xen for an aarch64 profile", ws => ArmPolicy(ws, "profile p = k\ntarget xen\ntarget qemu\n")),
        Case("CP1010", "an aarch64 profile with a PMU", _ => CaseWorkspace.Compile("profile p = {asimddp, DFR0.PMUVer >= IMP}\n")),
        Case("CP1011", "release openeuler-8.2 for an x86 profile", _ => CaseWorkspace.Compile("profile p = {fpu}\ntarget qemu { release openeuler-8.2 }\n")),
        Decode("CP1012", "qemu", "-cpu max,sve=off,bogus=1"),
        Case("CP1013", "migrate from a host with i8mm to one without (newer to older generation)", ws =>
            CaseWorkspace.Cli("migrate", "--vm", ws.Write("new.txt", KunpengCpuinfo.Replace("cpuid", "cpuid i8mm", StringComparison.Ordinal)), "--to", ws.Write("old.txt", KunpengCpuinfo))),
        Case("CP1014", "migrate between hosts with different CNTFRQ_EL0", ws =>
            CaseWorkspace.Cli("migrate", "--vm", ws.Write("a.json", Dump("\"CNTFRQ_EL0\":\"0x5f5e100\"")), "--to", ws.Write("b.json", Dump("\"CNTFRQ_EL0\":\"0x17d7840\"")))),
        Case("CP1015", "migrate from a GICv3 host to a GICv2 one", ws =>
            CaseWorkspace.Cli("migrate", "--vm", ws.Write("a.json", Dump("\"ID_AA64PFR0_EL1\":\"0x11111111\"")), "--to", ws.Write("b.json", Dump("\"ID_AA64PFR0_EL1\":\"0x10111111\"")))),
        Case("CP1016", "migrate a VM whose CPU has a PMU", ws =>
            CaseWorkspace.Cli("migrate", "--vm", ws.Write("a.json", Dump("\"ID_AA64DFR0_EL1\":\"0x106\"")), "--to", ws.Write("b.json", Dump("\"ID_AA64DFR0_EL1\":\"0x106\"")))),
        InventoryError("CP1017", "virsh capabilities of an aarch64 host with a model libvirt's map lacks", "<capabilities><host><cpu><arch>aarch64</arch><model>Kunpeng-930</model><vendor>HiSilicon</vendor></cpu></host></capabilities>"),
        Case("CP1030", "migrate --vm of an aarch64 `-cpu host,...` without --from", ws =>
            CaseWorkspace.Cli("migrate", "--vm", "host,sve=off,pmu=off", "--to", ws.Write("old.txt", KunpengCpuinfo))),
        Case("CP1030", "migrate --vm of a plain `-cpu host` to an aarch64 host without --from", ws =>
            CaseWorkspace.Cli("migrate", "--vm", "-cpu host", "--to", ws.Write("old.txt", KunpengCpuinfo))),
        Case("CP1035", "migrate --vm of `-cpu host,+avx2` between aarch64 hosts", ws =>
            CaseWorkspace.Cli("migrate", "--vm", "-cpu host,+avx2", "--from", ws.Write("a.txt", KunpengCpuinfo), "--to", ws.Write("b.txt", KunpengCpuinfo))),
        Case("CP1036", "migrate --vm of a plain `-cpu host` from an x86 host to an aarch64 one", ws =>
            CaseWorkspace.Cli("migrate", "--vm", "-cpu host", "--from", Path.Combine(Infrastructure.RepoData.RepoRoot, "data", "samples", "spr-vm.proc-cpuinfo.txt"), "--to", ws.Write("k.txt", KunpengCpuinfo))),
        Case("CP1031", "a profile with paca over a QARMA5 host and an implementation-defined-PAuth host", ws =>
        {
            ws.Write("a.json", Dump("\"ID_AA64ISAR1_EL1\":\"0x10\""));
            ws.Write("b.json", Dump("\"ID_AA64ISAR1_EL1\":\"0x100\""));
            var policy = ws.Write("p.cpupolicy", "host a from \"a.json\"\nhost b from \"b.json\"\nprofile p = baseline(a, b) + {paca}\ntarget qemu { release openeuler-8.2 }\n");
            return CaseWorkspace.Cli("compile", policy, "--out", Path.Combine(ws.Dir, "out"));
        }),
        Case("CP1032", "migrate a VM with paca from a QARMA5 host to an implementation-defined-PAuth host", ws =>
            CaseWorkspace.Cli("migrate", "--vm", ws.Write("a.json", Dump("\"ID_AA64ISAR1_EL1\":\"0x10\"")), "--to", ws.Write("b.json", Dump("\"ID_AA64ISAR1_EL1\":\"0x100\"")))),
    ];

    /// <summary>An ID-register dump of a Kunpeng 920 with one more register.</summary>
    private static string Dump(string register) =>
        "{\"arch\":\"aarch64\",\"registers\":{\"MIDR_EL1\":\"0x481fd010\"," + register + "}}";

    /// <summary>A policy over the Kunpeng host `k` (plus more files) checked and compiled by the CLI.</summary>
    private static IReadOnlyList<string> ArmPolicy(CaseWorkspace ws, string body, params (string Name, string Text)[] files)
    {
        ws.Write("k.txt", KunpengCpuinfo);
        foreach (var (name, text) in files)
        {
            ws.Write(name, text);
        }

        var extra = string.Concat(files.Where(f => f.Name == "k2.txt").Select(_ => "host k2 from \"k2.txt\"\n"));
        var policy = ws.Write("p.cpupolicy", "host k from \"k.txt\"\n" + extra + body);
        return CaseWorkspace.Cli("compile", policy, "--out", Path.Combine(ws.Dir, "out"));
    }
}
