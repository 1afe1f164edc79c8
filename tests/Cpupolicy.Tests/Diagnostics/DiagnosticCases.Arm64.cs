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
    ];
}
