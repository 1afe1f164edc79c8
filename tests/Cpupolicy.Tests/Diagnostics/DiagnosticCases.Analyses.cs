using Cpupolicy.Tests.Cli;

namespace Cpupolicy.Tests.Diagnostics;

// CP08xx: the fleet analyses, run through the CLI on the example policies and their host files (policy/examples/).
public static partial class DiagnosticCases
{
    private static string Homelab => Example("xcpng-homelab.cpupolicy");

    private static string Harvester => Example("harvester-cascadelake.cpupolicy");

    private static string Host(string name) => Example($"hosts/x86_64-cpuid-{name}.xml");

    private static IEnumerable<DiagnosticCase> Analyses =>
    [
        Case("CP0801", "migrate --vm naming nothing", _ => CaseWorkspace.Cli("migrate", "--policy", Homelab, "--vm", "pool-baselin", "--to", "zeus")),
        Case("CP0802", "migrate --to a host the policy lacks", _ => CaseWorkspace.Cli("migrate", "--policy", Homelab, "--vm", "pool-baseline", "--to", "zues")),
        Case("CP0803", "migrate a bare XAPI featureset", _ =>
        {
            var words = BaselineArtifact("xapi", Host("Core-i7-3770")).Split('\n').First(l => l.StartsWith("featureset=", StringComparison.Ordinal))["featureset=".Length..];
            return CaseWorkspace.Cli("migrate", "--vm", words, "--to", Host("Core-i7-3770"));
        }),
        Case("CP0804", "migrate an xl config without --from", ws =>
        {
            var cfg = ws.Write("vm.cfg", "name = \"web01\"\nmemory = 2048\n" + BaselineArtifact("xen", Host("Xeon-E5-2630-v3")));
            return CaseWorkspace.Cli("migrate", "--vm", cfg, "--to", Host("Xeon-E5-2630-v3"));
        }),
        Case("CP0805", "baseline of an Intel and an AMD host", _ => CaseWorkspace.Cli("baseline", Host("Xeon-Gold-6148"), Host("EPYC-7601-32-Core"))),
        Case("CP0806", "baseline of a Zhaoxin host for qemu", ws => CaseWorkspace.Cli("baseline", ws.Write("zhaoxin.txt", ZhaoxinProbe), "--target", "qemu")),
        Case("CP0807", "diff of a folder without bundle.json", ws => CaseWorkspace.Cli("diff", Directory.CreateDirectory(Path.Combine(ws.Dir, "out")).FullName, Homelab)),
        Case("CP0808", "plan retiring a host a profile names", _ => CaseWorkspace.Cli("--json", "plan", "--policy", Homelab, "--remove", "hera")),
        Case("CP0809", "plan adding a host under a declared name", _ =>
            CaseWorkspace.Cli("plan", "--policy", Harvester, "--add", $"csl-node-1={Host("Xeon-Gold-6148")}", "--pool", "harvester")),
        Case("CP0810", "plan into a pool the policy lacks", _ =>
            CaseWorkspace.Cli("plan", "--policy", Harvester, "--add", $"skx={Host("Xeon-Gold-6148")}", "--pool", "harvestr")),
        Case("CP0820", "migrate a POWER CPU to a POWER host", ws =>
        {
            // (aarch64 CPUs and hosts are migrate's aarch64 check, Arm64Migration.)
            var power = ws.Write("power.xml", "<cpu><arch>ppc64le</arch><model>POWER9</model></cpu>");
            return CaseWorkspace.Cli("migrate", "--vm", power, "--to", power);
        }),
        Case("CP0821", "migrate a libvirt CPU with check='none'", _ =>
            CaseWorkspace.Cli("migrate", "--vm", "<cpu mode='custom' match='exact' check='none'><model fallback='forbid'>Skylake-Client</model></cpu>", "--to", Host("Xeon-Gold-6148"))),
        Case("CP0422", "a policy host from a node list with a node named 10-0-0-7", ws =>
        {
            ws.Write("nodes.yaml", Cpupolicy.Tests.Analyses.KubevirtMigrateTests.Nodes.Replace("name: csl-1", "name: 10-0-0-7", StringComparison.Ordinal));
            return Cpupolicy.Compiler.Compilation.CompileFile(ws.Write("p.cpupolicy", "host cluster from \"nodes.yaml\"\nprofile p = cluster\n")).Diagnostics.Select(d => d.Code);
        }),
        Case("CP0846", "migrate a VMI whose node affinity has an unknown operator", ws =>
            CaseWorkspace.Cli("migrate", "--vm", ws.Write("vmi.yaml", "kind: VirtualMachineInstance\nmetadata: {name: v}\nspec:\n  affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: a, operator: Equals}]}]}}}\n"),
                "--to", ws.Write("nodes.yaml", Cpupolicy.Tests.Analyses.KubevirtMigrateTests.Nodes))),
        Case("CP0847", "migrate a virt-launcher pod to a CPUID dump", ws =>
            CaseWorkspace.Cli("migrate", "--vm", ws.Write("pod.yaml", "kind: Pod\nmetadata: {name: virt-launcher-v-x}\nspec: {nodeSelector: {kubevirt.io/schedulable: \"true\"}}\n"), "--to", Host("Xeon-Gold-6148"))),
        Case("CP0848", "migrate a host-model VMI whose node is not given", ws =>
            CaseWorkspace.Cli("migrate", "--vm", ws.Write("vmi.yaml", Cpupolicy.Tests.Analyses.KubevirtMigrateTests.CooperlakeVmi.Replace("model: Cooperlake", "model: host-model", StringComparison.Ordinal).Replace("cpx-1", "spr-9", StringComparison.Ordinal)),
                "--to", ws.Write("nodes.yaml", Cpupolicy.Tests.Analyses.KubevirtMigrateTests.Nodes))),
    ];

    /// <summary>A backend's artifact for one host, as `baseline --json` gives it.</summary>
    private static string BaselineArtifact(string backend, string host)
    {
        var result = CliRunner.Run("baseline", host, "--target", backend, "--json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        return result.Json.GetProperty("artifacts").GetProperty(backend).GetString()!;
    }
}
