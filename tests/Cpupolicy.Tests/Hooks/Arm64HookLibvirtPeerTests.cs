using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Cpupolicy.Core.Backends.Libvirt;
using Cpupolicy.Hooks;
using Cpupolicy.Tests.Backends;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Hooks;

/// <summary>
/// The real libvirt 9.0.0 reads the domain the hook's aarch64 merge writes as the fragment says: <c>virsh
/// domxml-to-native</c> of the merged domain gives QEMU the profile's <c>-cpu</c> properties (<c>sve=off</c>,
/// <c>pmu=off</c>), every SYSREG <c>-global</c> of the fragment in its order, and the domain's own other arguments,
/// with none of the CPU arguments the domain had before. libvirt refuses <c>host-passthrough</c> for aarch64 without KVM
/// (this machine is x86), so the merged <c>&lt;cpu&gt;</c> is checked as <c>maximum</c>, its TCG counterpart, as
/// <see cref="Arm64PeerTests"/> does; the <c>-global host-arm-cpu.*</c> arguments pass through libvirt unchanged either way.
/// </summary>
public sealed partial class Arm64HookLibvirtPeerTests
{
    [SkippableFact]
    public void Libvirt_turns_the_merged_domain_into_the_fragments_qemu_arguments()
    {
        var qemu = Peers.RequireExecutable("qemu-system-aarch64");
        var daemon = LibvirtSessionDaemon.Get();
        using var sandbox = new HookSandbox(Arm64HookPolicy.Bundle());
        var domain = Arm64HookPolicy.Domain(
                "web-01", features: "<gic version='3'/>\n    <pmu state='on'/>",
                args: ["-global", "host-arm-cpu.SYSREG_ID_AA64ISAR0_EL1_SM3=0x1", "-msg", "timestamp=on", "-cpu", "host,sve=on"])
            .Replace("type='kvm'", "type='qemu'", StringComparison.Ordinal)
            .Replace("machine='virt-8.2'", "machine='virt'", StringComparison.Ordinal)
            .Replace("/usr/bin/qemu-kvm", qemu, StringComparison.Ordinal);
        domain = string.Join("\n", domain.Split('\n').Where(l => !l.Contains("<loader", StringComparison.Ordinal)));

        var outcome = sandbox.Libvirt("web-01", "migrate", domain);
        Assert.True(outcome.Output is not null, outcome.Line);
        var merged = Encoding.UTF8.GetString(outcome.Output!).Replace("mode=\"host-passthrough\"", "mode=\"maximum\"", StringComparison.Ordinal);

        var argv = daemon.DomxmlToNative(merged);
        var cpu = Regex.Match(argv, @"-cpu\s+(\S+)").Groups[1].Value;
        Assert.StartsWith("max", cpu, StringComparison.Ordinal);
        Assert.Contains("sve=off", cpu, StringComparison.Ordinal);
        Assert.Contains("pmu=off", cpu, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(argv, @"(^|\s)-cpu\s"));

        XNamespace q = Arm64LibvirtCpu.QemuNamespace;
        var fragmentGlobals = XDocument.Parse(Arm64HookPolicy.Fragment()).Root!.Elements(q + "commandline").Elements(q + "arg")
            .Select(a => (string)a.Attribute("value")!).Where(v => v != "-global").ToList();
        var globals = Regex.Matches(argv, @"-global\s+(\S+)").Select(m => m.Groups[1].Value).Where(g => g.StartsWith("host-arm-cpu.", StringComparison.Ordinal)).ToList();
        Assert.Equal(fragmentGlobals, globals);
        Assert.DoesNotContain("SM3=0x1", argv, StringComparison.Ordinal);
        Assert.Matches(@"-msg\s+timestamp=on", argv);
    }
}
