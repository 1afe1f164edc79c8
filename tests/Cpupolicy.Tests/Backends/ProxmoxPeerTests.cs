using System.Text.Json.Nodes;
using Cpupolicy.Core.Backends.Proxmox;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Ir;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Backends;

/// <summary>
/// The real QEMU 7.2 runs what Proxmox VE would run for each proxmox artifact: the custom model turned into
/// <c>-cpu</c> the way Proxmox documents it (<see cref="ProxmoxCpuArgument"/>), checked like the qemu backend's artifacts.
/// </summary>
public class ProxmoxPeerTests(QemuFixture qemu) : IClassFixture<QemuFixture>
{
    private static readonly FeatureDatabase Db = TestProfiles.Db;

    [SkippableFact]
    public void Qemu_expands_proxmox_kvm_cpu_argument_to_exactly_the_profile()
    {
        Peers.RequireQemu();
        var backend = (ProxmoxBackend)TestTargets.Backend("proxmox");
        var options = TargetOptions.Defaults("proxmox");
        var problems = new List<string>();
        foreach (var profile in PeerProfiles.All())
        {
            var argument = backend.CpuArgument(backend.Emit(profile, options), kvm: true);
            var cpu = CpuArgument.Parse(argument);

            // `-machine none` resolves an unversioned name to its latest version; Proxmox's pc machines (checked
            // below on a real vCPU) and the decoder use the version pc-i440fx-7.2 resolves it to.
            var model = ModelDatabase.Default.Find(ModelDatabase.Qemu, cpu.Model) is { } m ? ModelDatabase.Default.Resolve(m).Name : cpu.Model;
            var props = cpu.Props.Where(p => !p.Key.StartsWith("kvm", StringComparison.Ordinal)).ToDictionary(p => p.Key, p => p.Value);
            var expansion = qemu.Expander.ExpandFull(model, props);
            problems.AddRange(QemuPeerTests.Compare(profile.Name, profile.Features, backend.Controllable(profile, options),
                f => expansion.GetValueOrDefault(f.Spellings.Qemu!)));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [SkippableFact]
    public void A_real_vcpu_from_proxmox_tcg_cpu_argument_has_exactly_the_profile()
    {
        Peers.RequireQemu();
        var backend = (ProxmoxBackend)TestTargets.Backend("proxmox");
        var options = TargetOptions.Defaults("proxmox");
        var tcg = qemu.Expander.ExpandFull("max", new Dictionary<string, bool>());
        var tcgFeatures = FeatureSet.Of(Db.Features.Where(f => f.Spellings.Qemu is { } q && tcg.GetValueOrDefault(q)));
        var problems = new List<string>();
        foreach (var original in PeerProfiles.All().Take(3))
        {
            var profile = original with { Features = Db.DropUnsatisfied(original.Features & tcgFeatures) };

            // A VM with `kvm: 0` runs under TCG: Proxmox then adds neither enforce nor the kvm_pv flags.
            var argument = backend.CpuArgument(backend.Emit(profile, options), kvm: false);
            using var machine = QmpSession.Machine(argument["-cpu ".Length..]);
            var path = machine.Execute("query-cpus-fast")!.AsArray()[0]!["qom-path"]!.GetValue<string>();
            problems.AddRange(QemuPeerTests.Compare(profile.Name, profile.Features, backend.Controllable(profile, options), f =>
                machine.Execute("qom-get", new JsonObject { ["path"] = path, ["property"] = f.Spellings.Qemu })!.GetValue<bool>()));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
