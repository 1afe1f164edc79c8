using System.Text.Json.Nodes;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Ir;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Backends;

/// <summary>
/// The real QEMU 7.2 says what each qemu artifact gives the guest: a model expansion of the artifact's model and
/// props, and for a few profiles a real paused TCG vCPU built from the artifact as given on a command line.
/// </summary>
public class QemuPeerTests(QemuFixture qemu) : IClassFixture<QemuFixture>
{
    private static readonly FeatureDatabase Db = TestProfiles.Db;

    [SkippableFact]
    public void Qemu_expands_each_artifact_to_exactly_the_profile()
    {
        Peers.RequireQemu();
        var backend = TestTargets.Backend("qemu");
        var options = TargetOptions.Defaults("qemu");
        var problems = new List<string>();
        foreach (var profile in PeerProfiles.All())
        {
            var artifact = backend.Emit(profile, options);
            var cpu = CpuArgument.Parse(artifact);
            var expansion = qemu.Expander.ExpandFull(cpu.Model, cpu.Props);
            problems.AddRange(Compare(profile.Name, profile.Features, backend.Controllable(profile, options), f => expansion.GetValueOrDefault(f.Spellings.Qemu!)));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [SkippableFact]
    public void A_real_vcpu_built_from_the_artifact_has_exactly_the_profile()
    {
        Peers.RequireQemu();
        var backend = TestTargets.Backend("qemu");
        var options = TargetOptions.Defaults("qemu");

        // `enforce` makes QEMU refuse what TCG cannot run, so the profiles are cut down to what TCG offers.
        var tcg = qemu.Expander.ExpandFull("max", new Dictionary<string, bool>());
        var tcgFeatures = FeatureSet.Of(Db.Features.Where(f => f.Spellings.Qemu is { } q && tcg.GetValueOrDefault(q)));
        var problems = new List<string>();
        foreach (var original in PeerProfiles.All().Take(3))
        {
            var profile = original with { Features = Db.DropUnsatisfied(original.Features & tcgFeatures) };
            var artifact = backend.Emit(profile, options).Trim();
            using var machine = QmpSession.Machine(artifact["-cpu ".Length..]);
            var path = machine.Execute("query-cpus-fast")!.AsArray()[0]!["qom-path"]!.GetValue<string>();
            problems.AddRange(Compare(profile.Name, profile.Features, backend.Controllable(profile, options), f =>
                machine.Execute("qom-get", new JsonObject { ["path"] = path, ["property"] = f.Spellings.Qemu })!.GetValue<bool>()));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>Every controllable feature on which QEMU and the profile disagree, as readable lines.</summary>
    internal static IEnumerable<string> Compare(string profile, FeatureSet expected, FeatureSet controllable, Func<FeatureDefinition, bool> actual)
    {
        foreach (var f in Db.Expand(controllable))
        {
            var want = expected.Contains(f);
            if (actual(f) != want)
            {
                yield return $"{profile}: {f.Name} should be {(want ? "on" : "off")}";
            }
        }
    }
}
