using Cpupolicy.Tests.Live;

namespace Cpupolicy.Tests.Diagnostics;

// CP0840-CP0859: `evacuate --live` and `migrate --live`, the platform's tool replayed (recorded output under
// Live/Recorded, or output crafted in the row), and the rough edges of command lines.
public static partial class DiagnosticCases
{
    private const string HeraUuid = "0b6f0a52-3c4e-4d7a-9a55-6d1f2b8e7a01";

    private static IEnumerable<DiagnosticCase> Live =>
    [
        Case("CP0840", "evacuate --live xapi where xe rejects the host", _ =>
        {
            using var xe = new ReplayedTool("CPUPOLICY_XE", "xapi");
            return CaseWorkspace.Cli(xe.Env, "evacuate", "--policy", Path.Combine(ReplayedTool.Recorded("libvirt"), "pair.cpupolicy"), "--host", "kvm-a", "--live", "xapi");
        }),
        Case("CP0841", "evacuate --live xapi of a host the pool lacks", ws =>
            CaseWorkspace.Cli(ws.Replay("CPUPOLICY_XE", ("host-list name-label=hera params=uuid --minimal", "\n")), "evacuate", "--policy", Homelab, "--host", "hera", "--live", "xapi")),
        Case("CP0842", "migrate --live of a VM that does not run", _ =>
        {
            using var xe = new ReplayedTool("CPUPOLICY_XE", "xapi");
            return CaseWorkspace.Cli(xe.Env, "migrate", "--policy", Homelab, "--live", "xapi", "--vm", "db-1", "--to", "zeus");
        }),
        Case("CP0843", "evacuate --live xapi of a VM without last_boot_CPU_flags", ws =>
            CaseWorkspace.Cli(NoBootFlags(ws), "evacuate", "--policy", Homelab, "--host", "hera", "--live", "xapi")),
        Case("CP0844", "check given a directory", ws => CaseWorkspace.Cli("check", ws.Dir)),
        Case("CP0845", "migrate --live of a VM without last_boot_CPU_flags", ws =>
            CaseWorkspace.Cli(NoBootFlags(ws), "migrate", "--policy", Homelab, "--live", "xapi", "--vm", "old-01", "--to", "zeus")),
    ];

    /// <summary>An XCP-ng pool whose host hera runs one VM, <c>old-01</c>, for which XAPI recorded no boot CPU.</summary>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private static IReadOnlyDictionary<string, string> NoBootFlags(CaseWorkspace ws) => ws.Replay(
        "CPUPOLICY_XE",
        ("host-list name-label=hera params=uuid --minimal", HeraUuid + "\n"),
        ($"vm-list resident-on={HeraUuid} is-control-domain=false params=uuid,name-label,last-boot-CPU-flags",
            "uuid ( RO)                   : 4f1c2a10-0009-4a6b-9c3d-000000000009\n             name-label ( RW): old-01\n    last-boot-CPU-flags (MRO): \n\n\n"));
}
