using System.Text.RegularExpressions;
using Cpupolicy.Compiler.Backends;
using Cpupolicy.Core.Backends;
using Cpupolicy.Core.Database;
using Cpupolicy.Compiler.Inventory;
using Cpupolicy.Core.Ir;
using Cpupolicy.Compiler.Probe;
using Cpupolicy.Tests.Backends;
using Cpupolicy.Tests.Cli;
using Cpupolicy.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Cpupolicy.Tests.Probe;

/// <summary>
/// Guest truth: the probe guest, booted under the real QEMU with each example profile's artifact, sees exactly the
/// profile (within the features the backend controls, apart from those QEMU reports it cannot emulate and the bits
/// the guest's own state decides); libvirt's translation of the libvirt artifact gives the same view; a hand-edited
/// artifact is caught with the feature named; and the probe output is an inventory file.
/// </summary>
[Collection(ProbeCollection.Name)]
public sealed partial class GuestViewTests(ProbeFixture probe, ITestOutputHelper output)
{
    private static FeatureDatabase Db => FeatureDatabase.Default;

    [SkippableFact]
    public void Every_example_profile_guest_sees_exactly_the_profile_through_the_qemu_artifact()
    {
        Peers.RequireQemu();
        var problems = new List<string>();
        foreach (var (policy, target) in ExamplePolicies.Targets("qemu"))
        {
            var seen = probe.QemuArtifact(target);
            var c = ProbeComparison.Compare(seen, target.Profile.Features, target.Controllable, Db);
            output.WriteLine($"{ExamplePolicies.Show(policy)} {target.Profile.Name}: -cpu {seen.Run.Cpu}: {c.Compared.Count} compared, not emulated: {Names(c.NotEmulated)}");
            if (!c.Matches)
            {
                problems.Add($"{ExamplePolicies.Show(policy)} profile {target.Profile.Name} (-cpu {seen.Run.Cpu}): {Mismatch(c)}");
            }
        }

        output.WriteLine(probe.Timings());
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [SkippableFact]
    public void The_libvirt_artifact_as_libvirt_translates_it_gives_the_same_guest_view()
    {
        Peers.RequireQemu();
        var daemon = LibvirtSessionDaemon.Get();
        var qemuTargets = ExamplePolicies.Targets("qemu").ToDictionary(t => (t.Policy, t.Target.Profile.Name), t => t.Target);
        var problems = new List<string>();
        foreach (var (policy, target) in ExamplePolicies.Targets("libvirt"))
        {
            var cpu = QemuCpuValue.FromCommandLine(daemon.DomxmlToNative(LibvirtTranslator.DomainWith(target.Artifact)));
            Assert.NotNull(cpu);
            var seen = probe.Boot($"{target.Profile.Name} (libvirt)", cpu);
            var c = ProbeComparison.Compare(seen, target.Profile.Features, target.Controllable, Db);
            output.WriteLine($"{ExamplePolicies.Show(policy)} {target.Profile.Name}: libvirt -cpu {cpu}: {c.Compared.Count} compared, not emulated: {Names(c.NotEmulated)}");
            if (!c.Matches)
            {
                problems.Add($"{ExamplePolicies.Show(policy)} profile {target.Profile.Name} (libvirt -cpu {cpu}): {Mismatch(c)}");
            }

            // The same view as the qemu artifact's guest, wherever both backends decide the feature.
            var viaQemu = probe.QemuArtifact(qemuTargets[(policy, target.Profile.Name)]);
            var both = qemuTargets[(policy, target.Profile.Name)].Controllable & target.Controllable & seen.Knowable;
            var differ = ((seen.Guest.Features - viaQemu.Guest.Features) | (viaQemu.Guest.Features - seen.Guest.Features)) & both;
            if (!differ.IsEmpty)
            {
                problems.Add($"{ExamplePolicies.Show(policy)} profile {target.Profile.Name}: the libvirt and qemu artifacts' guests differ in {Names(differ)}");
            }
        }

        output.WriteLine(probe.Timings());
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [SkippableFact]
    public void A_hand_edited_qemu_artifact_is_caught_with_the_features_named()
    {
        Peers.RequireQemu();
        var qemu = BackendRegistry.Default.Get("qemu");
        var options = TargetOptions.Defaults("qemu");

        // Drop: a `+feat` token whose removal, by the qemu decoder, hides a feature the profile's guest saw; the
        // probe must name exactly what the decoder predicts. Without such a token in any artifact, the first
        // profile gets a `-feat` for one of its seen features instead.
        (string Policy, ProbeTarget Target, List<string> Tokens, FeatureSet Hidden)? edit = null;
        foreach (var (policy, target) in ExamplePolicies.Targets("qemu"))
        {
            var seen = probe.QemuArtifact(target).Guest.Features;
            var tokens = QemuCpuValue.FromArtifact(target.Artifact).Split(',').ToList();
            var decoded = qemu.Decode(string.Join(',', tokens), options);
            edit ??= (policy, target, tokens.Append("-" + Db.Expand(seen & target.Controllable).First().Spellings.Qemu).ToList(),
                FeatureSet.Of([(seen & target.Controllable).First()]));
            var plus = tokens.Skip(1).Where(t => t.StartsWith('+'))
                .Select(t => (Token: t, Hidden: (decoded - qemu.Decode(string.Join(',', tokens.Where(x => x != t)), options)) & seen))
                .FirstOrDefault(t => !t.Hidden.IsEmpty);
            if (plus.Token is not null)
            {
                edit = (policy, target, tokens.Where(t => t != plus.Token).ToList(), plus.Hidden);
                break;
            }
        }

        var (editedPolicy, edited, editedTokens, hidden) = edit!.Value;
        // Add: a feature outside the profile that TCG emulates (QEMU 7.2 gives each of these to any x86-64 model).
        var added = new[] { "avx2", "sse4a", "movbe", "adx", "erms", "abm", "bmi1", "fsgsbase", "umip", "pku" }
            .Select(Db.Get).First(f => !edited.Profile.Features.Contains(f));
        var cpu = string.Join(',', editedTokens.Append("+" + added.Spellings.Qemu));

        var r = CliRunner.Run("probe", "--json", "--accel", "tcg", "--qemu-cpu", cpu, "--policy", editedPolicy, "--profile", edited.Profile.Name);
        output.WriteLine($"{ExamplePolicies.Show(editedPolicy)} {edited.Profile.Name}: artifact -cpu {QemuCpuValue.FromArtifact(edited.Artifact)}");
        output.WriteLine($"edited -cpu {cpu} (should hide {Names(hidden)}, add {added.Name}): exit {r.ExitCode}\n{r.Stderr}");
        Assert.Equal(3, r.ExitCode);
        var json = r.Json;
        probe.Record($"{edited.Profile.Name} (edited, cli)", TimeSpan.FromMilliseconds(json.GetProperty("elapsed_ms").GetDouble()));
        Assert.False(json.GetProperty("matches").GetBoolean());
        var missing = json.GetProperty("missing").EnumerateArray().Select(f => f.GetProperty("name").GetString()!).ToList();
        var extra = json.GetProperty("extra").EnumerateArray().Select(f => f.GetProperty("name").GetString()!).ToList();

        // Exactly the edit's effect on top of whatever the unedited artifact's guest already showed.
        var clean = ProbeComparison.Compare(probe.QemuArtifact(edited), edited.Profile.Features, edited.Controllable, Db);
        Assert.Equal(Db.Expand(clean.Missing | hidden).Select(f => f.Name), missing);
        Assert.Equal(Db.Expand(clean.Extra.Add(added.Index)).Select(f => f.Name), extra);
        output.WriteLine(probe.Timings());
    }

    [SkippableFact]
    public void Probe_output_reads_back_as_an_inventory_file_and_through_cpupolicy_host()
    {
        Peers.RequireQemu();
        var (policy, target) = ExamplePolicies.Targets("qemu").First();
        var seen = probe.QemuArtifact(target);
        var file = Path.Combine(Path.GetTempPath(), $"cpupolicy-probe-{Guid.NewGuid():N}.txt");
        try
        {
            // The whole serial console, BIOS messages included: the reader skips what comes before the header.
            File.WriteAllText(file, seen.Run.Serial);
            var host = InventoryReader.Read(file);
            Assert.Equal(InventoryFormat.Probe, host.Format);
            Assert.Equal(seen.Guest.Features, host.Features);
            Assert.Equal(seen.Guest.VendorString, host.VendorString);

            File.WriteAllText(file, seen.ProbeOutput);
            var r = CliRunner.Run("host", "--json", file);
            Assert.True(r.ExitCode == 0, r.Stderr);
            var names = r.Json.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("name").GetString()!).ToList();
            Assert.Equal(Db.Expand(seen.Guest.Features).Select(f => f.Name), names);
            Assert.Equal(seen.Guest.VendorString, r.Json.GetProperty("vendor").GetString());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [SkippableFact]
    public void Cli_probes_a_profile_through_libvirt_with_its_own_private_daemon()
    {
        Peers.RequireQemu();
        var daemon = LibvirtSessionDaemon.Get(); // skips like the other libvirt tests when libvirt is missing
        var (policy, target) = ExamplePolicies.Targets("libvirt").Last();
        var r = CliRunner.Run("probe", "--accel", "tcg", "--policy", policy, "--profile", target.Profile.Name, "--libvirt");
        output.WriteLine(r.Stdout + r.Stderr);
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Contains($"profile `{target.Profile.Name}` (libvirt artifact, as libvirt translates it): the guest sees exactly the profile", r.Stdout, StringComparison.Ordinal);

        // The CLI's own daemon and the test fixture's produce the same -cpu.
        var expected = QemuCpuValue.FromCommandLine(daemon.DomxmlToNative(LibvirtTranslator.DomainWith(target.Artifact)));
        Assert.Equal(expected, ProbeLine().Match(r.Stdout).Groups[1].Value);
        output.WriteLine(probe.Timings());
    }

    private static string Mismatch(ProbeComparison c) =>
        $"missing {Names(c.Missing)}; extra {Names(c.Extra)}"
        + (c.MissingForDependencies.IsEmpty ? string.Empty : $" (QEMU: {Names(c.MissingForDependencies)} depend on features the -cpu turns off)");

    private static string Names(FeatureSet set) => set.IsEmpty ? "(none)" : string.Join(", ", Db.Expand(set).Select(f => f.Name));

    [GeneratedRegex(@"^probe: -cpu (\S+) \(", RegexOptions.Multiline)]
    private static partial Regex ProbeLine();
}
