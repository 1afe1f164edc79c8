using System.Text.RegularExpressions;
using Cpupolicy.Core.Ir;
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

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [SkippableFact]
    public void Libvirt_and_qemu_give_each_kubevirt_artifact_exactly_the_profile()
    {
        // KubeVirt copies model and features into the domain's <cpu> (adding mpx=disable when mpx is not named);
        // the rest is libvirt's and QEMU's, as above.
        Peers.RequireQemu();
        var daemon = LibvirtSessionDaemon.Get();
        var kubevirt = TestTargets.Backend("kubevirt");
        var problems = new List<string>();
        foreach (var profile in PeerProfiles.All())
        {
            // Only KubeVirt's obsolete models (kvm64, core2duo ...) fit a profile of Intel and AMD hosts or of a Core 2.
            var options = profile.Name is "intel-amd" or "core2"
                ? TestTargets.Options("kubevirt", ("obsolete", "none"))
                : TargetOptions.Defaults("kubevirt");
            var yaml = new YamlDotNet.RepresentationModel.YamlStream();
            yaml.Load(new StringReader(kubevirt.Emit(profile, options)));
            var cpu = (YamlDotNet.RepresentationModel.YamlMappingNode)yaml.Documents[0].RootNode;
            var features = ((YamlDotNet.RepresentationModel.YamlSequenceNode)cpu["features"]).Children
                .Cast<YamlDotNet.RepresentationModel.YamlMappingNode>()
                .Select(f => (Name: f["name"].ToString(), Policy: f["policy"].ToString()))
                .ToList();
            if (!features.Any(f => f.Name == "mpx"))
            {
                features.Add(("mpx", "disable"));
            }

            var xml = $"<cpu mode='custom' match='exact'><model fallback='forbid'>{cpu["model"]}</model>"
                + string.Concat(features.Select(f => $"<feature policy='{f.Policy}' name='{f.Name}'/>")) + "</cpu>";
            var argv = daemon.DomxmlToNative(
                "<domain type='qemu'><name>cpupolicy</name><memory unit='MiB'>64</memory>"
                + "<os><type arch='x86_64' machine='pc'>hvm</type></os>" + xml + "</domain>");
            var parsed = CpuArgument.Parse(CpuFlag().Match(argv).Groups[1].Value);
            var expansion = qemu.Expander.ExpandFull(parsed.Model, parsed.Props);
            problems.AddRange(QemuPeerTests.Compare(profile.Name, profile.Features, kubevirt.Controllable(profile, options), f => expansion.GetValueOrDefault(f.Spellings.Qemu!)));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [GeneratedRegex(@"-cpu (\S+)")]
    private static partial Regex CpuFlag();
}
