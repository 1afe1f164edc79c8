using System.Text.RegularExpressions;
using Cpupolicy.Compiler.Lowering;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Backends;

/// <summary>
/// The real libvirt 9.0.0 turns each libvirt artifact into a QEMU <c>-cpu</c> (domxml-to-native, under a private
/// session daemon), and the real QEMU expands that to exactly the profile.
/// </summary>
public partial class LibvirtPeerTests(QemuFixture qemu) : IClassFixture<QemuFixture>
{
    [SkippableFact]
    public void Libvirt_turns_each_artifact_into_a_cpu_that_qemu_expands_to_exactly_the_profile()
    {
        Peers.RequireQemu();
        var daemon = LibvirtSessionDaemon.Get();
        var libvirt = TestTargets.Backend("libvirt");
        var qemuBackend = TestTargets.Backend("qemu");
        var options = TargetOptions.Defaults("libvirt");
        var problems = new List<string>();
        foreach (var profile in PeerProfiles.All())
        {
            var cpu = libvirt.Emit(profile, options);
            var argv = daemon.DomxmlToNative(
                "<domain type='qemu'><name>cpupolicy</name><memory unit='MiB'>64</memory>"
                + "<os><type arch='x86_64' machine='pc'>hvm</type></os>" + cpu + "</domain>");
            var cpuArgument = CpuFlag().Match(argv).Groups[1].Value;
            var parsed = CpuArgument.Parse(cpuArgument);
            var expansion = qemu.Expander.ExpandFull(parsed.Model, parsed.Props);
            var controllable = libvirt.Controllable(profile, options);
            problems.AddRange(QemuPeerTests.Compare(profile.Name, profile.Features, controllable, f => expansion.GetValueOrDefault(f.Spellings.Qemu!)));

            // The qemu decoder reads libvirt's -cpu (feat=on|off form) the same way.
            var decoded = qemuBackend.Decode(cpuArgument, TargetOptions.Defaults("qemu"));
            Assert.Equal(profile.Features & controllable, decoded & controllable);
        }

        Assert.Empty(problems);
    }

    [GeneratedRegex(@"-cpu (\S+)")]
    private static partial Regex CpuFlag();
}
