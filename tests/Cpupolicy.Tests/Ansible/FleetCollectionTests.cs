using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Ansible;

/// <summary>
/// The cpupolicy.fleet collection (ansible/) against a simulated fleet of three hypervisors on this machine
/// (ansible/examples/lab/make-lab.sh: one root folder per host, stand-in cpuid/xe/virsh answering from real CPU
/// dumps, the built CLI and hook behind wrapper scripts): gather, compile and deploy; a second run changes nothing;
/// check mode writes nothing; verify reports the host whose CPU changed. Needs ansible-core and ansible-lint
/// (scripts/install-peers.sh): skipped without them, failed in CI.
/// </summary>
public sealed partial class FleetCollectionTests
{
    private static readonly string Collection = Path.Combine(RepoData.RepoRoot, "ansible", "ansible_collections", "cpupolicy", "fleet");

    [SkippableFact]
    public void Site_playbook_is_idempotent_check_mode_writes_nothing_and_verify_reports_the_changed_host()
    {
        var playbook = RequireAnsible("ansible-playbook");
        var lab = Directory.CreateTempSubdirectory("cpupolicy-fleet-").FullName;
        try
        {
            var make = Run("bash", [Path.Combine(RepoData.RepoRoot, "ansible", "examples", "lab", "make-lab.sh"), lab, "--hosts", "3", "--dlls", AppContext.BaseDirectory], RepoData.RepoRoot);
            Assert.True(make.ExitCode == 0, make.Output);
            var controller = Path.Combine(lab, "controller");
            Directory.CreateDirectory(Path.Combine(controller, "host_vars"));
            File.WriteAllText(Path.Combine(controller, "host_vars", "kvm-1.yml"), "---\ncpupolicy_mode: enforce\n");

            var first = Run(playbook, ["-i", "inventory.yml", "cpupolicy.fleet.site"], controller);
            Assert.True(first.ExitCode == 0, first.Output);
            Assert.Equal(["kvm-1", "xcp-2", "xen-3"], Recap(first.Output).Keys.Order());
            Assert.All(Recap(first.Output).Values, r => Assert.True(r.Changed > 0 && r.Failed == 0, first.Output));
            Assert.True(File.Exists(Path.Combine(lab, "hosts", "kvm-1", "etc", "libvirt", "hooks", "qemu.d", "cpupolicy")), first.Output);
            Assert.True(File.Exists(Path.Combine(lab, "hosts", "xcp-2", "etc", "xapi.d", "vm-pre-start", "10-cpupolicy")), first.Output);
            Assert.True(File.Exists(Path.Combine(lab, "hosts", "xen-3", "usr", "local", "sbin", "cpupolicy-xl")), first.Output);
            Assert.Contains("CPUPOLICY_MODE='enforce'", File.ReadAllText(Path.Combine(lab, "hosts", "kvm-1", "etc", "libvirt", "hooks", "qemu.d", "cpupolicy")));

            var second = Run(playbook, ["-i", "inventory.yml", "cpupolicy.fleet.site"], controller);
            Assert.True(second.ExitCode == 0, second.Output);
            Assert.All(Recap(second.Output).Values, r => Assert.True(r.Changed == 0 && r.Failed == 0, second.Output));

            // A microcode update takes AVX away from kvm-1 (CPUID.01H:ECX[28]).
            var cpu = Path.Combine(lab, "hosts", "kvm-1", "cpu.txt");
            File.WriteAllText(cpu, File.ReadAllText(cpu).Replace("ecx=0x7ffefbff", "ecx=0x6ffefbff", StringComparison.Ordinal));
            var before = Snapshot(lab);
            var check = Run(playbook, ["-i", "inventory.yml", "cpupolicy.fleet.site", "--check", "--diff"], controller);
            Assert.True(check.ExitCode == 0, check.Output);
            Assert.Equal(before, Snapshot(lab));
            Assert.True(Recap(check.Output)["kvm-1"].Changed > 0, check.Output);

            var verify = Run(playbook, ["-i", "inventory.yml", "cpupolicy.fleet.verify"], controller);
            Assert.True(verify.ExitCode != 0, verify.Output);
            Assert.Contains("kvm-1 (enforce): changed, lost: avx", verify.Output, StringComparison.Ordinal);
            Assert.Contains("1. add-hosts:", verify.Output, StringComparison.Ordinal);
            Assert.Contains("hosts in enforce mode whose CPU changed since the policy was compiled: kvm-1", verify.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("xcp-2 (advise): changed", verify.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(lab, recursive: true);
        }
    }

    [SkippableFact]
    public void Collection_passes_ansible_lint()
    {
        var lint = RequireAnsible("ansible-lint");
        var result = Run(lint, [], Collection);
        Assert.True(result.ExitCode == 0, result.Output);
    }

    /// <summary>Debian's ansible-core and ansible-lint, installed by scripts/install-peers.sh.</summary>
    private static string RequireAnsible(string name) => Peers.RequireExecutable(name);

    private static (int ExitCode, string Output) Run(string program, IEnumerable<string> arguments, string directory)
    {
        var result = ChildProcess.Run(program, arguments.ToList(), new ChildProcess.Options
        {
            WorkingDirectory = directory,
            Env = new Dictionary<string, string?>
            {
                ["ANSIBLE_COLLECTIONS_PATH"] = Path.Combine(RepoData.RepoRoot, "ansible"),
                ["ANSIBLE_NOCOLOR"] = "1",
                ["ANSIBLE_FORCE_COLOR"] = "0",
                ["ANSIBLE_LOCAL_TEMP"] = Path.Combine(Path.GetTempPath(), "cpupolicy-ansible-tmp"),
            },
        });
        return (result.ExitCode, result.StdoutText + result.Stderr);
    }

    private static Dictionary<string, (int Changed, int Failed)> Recap(string output) =>
        RecapLine().Matches(output).ToDictionary(m => m.Groups[1].Value, m => (int.Parse(m.Groups[2].Value), int.Parse(m.Groups[3].Value)));

    /// <summary>Every file under the lab (path and content hash), so a check-mode run can be shown to write nothing.</summary>
    private static SortedDictionary<string, string> Snapshot(string root) =>
        new(Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))), StringComparer.Ordinal);

    [GeneratedRegex(@"^(\S+)\s*:\s*ok=\d+\s+changed=(\d+)\s+unreachable=\d+\s+failed=(\d+)", RegexOptions.Multiline)]
    private static partial Regex RecapLine();
}
