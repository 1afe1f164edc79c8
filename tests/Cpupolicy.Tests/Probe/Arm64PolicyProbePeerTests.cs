using System.Text.Json;
using System.Text.RegularExpressions;
using Cpupolicy.Compiler;
using Cpupolicy.Compiler.Probe;
using Cpupolicy.Compiler.Probe.Arm64;
using Cpupolicy.Core.Backends;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Core.Ir;
using Cpupolicy.Tests.Backends;
using Cpupolicy.Tests.Cli;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Probe;

/// <summary>
/// Issue 16's "upstream QEMU artifacts are verified by the probe": every aarch64 profile of the example policies and
/// a generated set of aarch64 profiles, compiled for QEMU 7.2 (<c>model max</c>, what TCG runs; libvirt's
/// <c>model maximum</c> as libvirt 9.0.0 translates it), is booted under the real qemu-system-aarch64 and must give
/// exactly its profile within what QEMU 7.2 controls. A profile QEMU 7.2 cannot give (a host has a feature no 7.2
/// property hides) is refused at compile time with CP1008, which is checked to be true.
/// </summary>
[Collection(ProbeCollection.Name)]
public partial class Arm64PolicyProbePeerTests
{
    private const string Release = "7.2";

    private static readonly ProbeRunOptions Tcg = ProbeRunOptions.Default with { Qemu = Arm64ProbeRunner.DefaultQemu, Accelerator = ProbeAccelerator.Tcg };

    private static readonly TargetOptions QemuMax = new("qemu", new Dictionary<string, string>(StringComparer.Ordinal) { ["release"] = Release, ["model"] = "max" });

    private static readonly TargetOptions LibvirtMaximum = new("libvirt", new Dictionary<string, string>(StringComparer.Ordinal) { ["qemu-release"] = Release, ["model"] = "maximum" });

    private const string UpstreamTargets = "target qemu {\n  release 7.2\n  model max\n}\n";

    /// <summary>A policy of the docs' kind: an aarch64 profile without hosts, for QEMU 7.2's max and libvirt's maximum.</summary>
    private const string NoSvePolicy = """
        profile nosve = {asimddp, atomics, paca, pacg}

        target qemu {
          release 7.2
          model max
        }
        target libvirt {
          qemu-release 7.2
          model maximum
        }
        """;

    [SkippableFact]
    public void Every_aarch64_profile_of_the_examples_compiled_for_QEMU_7_2_gives_exactly_its_profile()
    {
        Peers.RequireQemuAarch64();
        var qemu = TestTargets.Backend("qemu");
        var probed = 0;
        var refused = 0;
        foreach (var example in Directory.GetFiles(Path.Combine(RepoData.RepoRoot, "policy", "examples"), "*.cpupolicy").Order(StringComparer.Ordinal))
        {
            // The example with its own qemu/libvirt targets replaced by QEMU 7.2's max. Each profile is emitted on
            // its own, as the compiler does (which stops at the first refusal): one refused profile hides no other.
            var text = TargetBlocks().Replace(File.ReadAllText(example), string.Empty) + UpstreamTargets;
            var lowered = Compilation.Compile(text, example, ["qemu"]).Lowered;
            var options = lowered?.Targets.Single(t => t.Backend == "qemu") ?? QemuMax;
            Assert.Equal(QemuMax.Values.OrderBy(v => v.Key), options.Values.OrderBy(v => v.Key));
            foreach (var profile in lowered?.Profiles.Where(p => p.IsArm64) ?? [])
            {
                string artifact;
                try
                {
                    artifact = qemu.Emit(profile, options);
                }
                catch (DiagnosticException e) when (e.Diagnostic.Code == "CP1008")
                {
                    // Refused, and truly: some host of the profile has a feature the profile leaves out.
                    Assert.Contains(profile.HostCpus, h => !(h.Capability - profile.Features).IsEmpty);
                    refused++;
                    continue;
                }

                AssertGivesItsProfile($"{Path.GetFileName(example)} {profile.Name}", QemuCpuValue.FromArtifact(artifact), profile.Features, qemu.Controllable(profile, options));
                probed++;
            }
        }

        // kunpeng-generations: `hip09` (everything its host has) is given; `kunpeng-min` is CP1008 (HIP09 has fields
        // no 7.2 property hides: openEuler's release exists for it).
        Assert.True(probed >= 1 && refused >= 1, $"{probed} aarch64 profiles of the examples probed, {refused} refused");
    }

    [SkippableFact]
    public void Generated_aarch64_profiles_compiled_for_QEMU_7_2_and_libvirt_give_exactly_their_profile()
    {
        Peers.RequireQemuAarch64();
        Peers.RequireExecutable("virsh");
        var qemu = TestTargets.Backend("qemu");
        var libvirt = TestTargets.Backend("libvirt");
        using var translator = LibvirtTranslator.StartPrivateDaemon();
        var probed = 0;
        var withProperties = new HashSet<string>(StringComparer.Ordinal);
        for (var seed = 0; seed < 12; seed++)
        {
            var profile = Arm64TestProfiles.Make(2000 + seed, seed % 4 == 0 ? 1 : 0, (seed % 5) / 4.0);
            string artifact;
            try
            {
                artifact = qemu.Emit(profile, QemuMax);
            }
            catch (DiagnosticException e) when (e.Diagnostic.Code == "CP1008")
            {
                Assert.Contains(profile.HostCpus, h => !(h.Capability - profile.Features).IsEmpty);
                continue;
            }

            var cpu = QemuCpuValue.FromArtifact(artifact);
            withProperties.UnionWith(cpu.Split(',').Skip(1));
            AssertGivesItsProfile($"{profile.Name} (qemu)", cpu, profile.Features, qemu.Controllable(profile, QemuMax));

            var domain = libvirt.Emit(profile, LibvirtMaximum);
            AssertGivesItsProfile($"{profile.Name} (libvirt)", translator.CpuForArm64(domain, "qemu"), profile.Features, libvirt.Controllable(profile, LibvirtMaximum));
            probed++;
        }

        Assert.True(probed >= 8, $"only {probed} generated profiles compiled for QEMU 7.2");

        // The set exercised both settings of every property 7.2's max takes, so each one was checked both ways.
        Assert.All(new[] { "sve", "pmu", "pauth", "sme" }, p =>
        {
            Assert.Contains($"{p}=on", withProperties);
            Assert.Contains($"{p}=off", withProperties);
        });
    }

    [SkippableFact]
    public void Probe_policy_profile_matches_within_what_QEMU_7_2_controls_and_reports_the_rest_as_not_controllable()
    {
        Peers.RequireQemuAarch64();
        var policy = WritePolicy();
        try
        {
            var r = CliRunner.Run("probe", "--arch", "aarch64", "--accel", "tcg", "--policy", policy, "--profile", "nosve", "--json");
            Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
            var json = r.Json;
            Assert.Equal("aarch64", json.GetProperty("arch").GetString());
            Assert.Matches("^0x[0-9a-f]{16}$", json.GetProperty("registers").GetProperty("ID_AA64PFR0_EL1").GetString()!);
            Assert.Equal("nosve", json.GetProperty("profile").GetString());
            Assert.Equal("qemu", json.GetProperty("backend").GetString());
            Assert.Equal(Release, json.GetProperty("release").GetString());
            Assert.Equal("max,sve=off,pmu=off,pauth=on,sme=off", json.GetProperty("cpu").GetString());
            Assert.True(json.GetProperty("matches").GetBoolean());
            Assert.Empty(json.GetProperty("missing").EnumerateArray());
            Assert.Empty(json.GetProperty("extra").EnumerateArray());
            Assert.Contains("sve", Names(json.GetProperty("compared")));

            // `max` has AES, which the profile leaves out and no 7.2 property hides: reported, not a mismatch.
            var notControllable = json.GetProperty("not_controllable");
            Assert.Equal(Release, notControllable.GetProperty("release").GetString());
            Assert.Contains("aes", Names(notControllable.GetProperty("extra")));
            Assert.DoesNotContain("aes", Names(json.GetProperty("compared")));

            var text = CliRunner.Run("probe", "--arch", "aarch64", "--accel", "tcg", "--policy", policy, "--profile", "nosve");
            Assert.Equal(0, text.ExitCode);
            Assert.Contains("not controllable by QEMU 7.2", text.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(policy);
        }
    }

    [SkippableFact]
    public void A_cpu_that_does_not_give_the_profile_exits_3_naming_the_feature()
    {
        Peers.RequireQemuAarch64();
        var policy = WritePolicy();
        try
        {
            // Plain max has SVE (and SME, a PMU): the profile turns them off.
            var r = CliRunner.Run("probe", "--arch", "aarch64", "--accel", "tcg", "--policy", policy, "--profile", "nosve", "--qemu-cpu", "max", "--json");
            Assert.Equal(3, r.ExitCode);
            Assert.False(r.Json.GetProperty("matches").GetBoolean());
            Assert.Contains("sve", Names(r.Json.GetProperty("extra")));
            Assert.DoesNotContain("sve", Names(r.Json.GetProperty("not_controllable").GetProperty("extra")));

            var missing = CliRunner.Run("probe", "--arch", "aarch64", "--accel", "tcg", "--policy", policy, "--profile", "nosve", "--qemu-cpu", "max,sve=off,pmu=off,pauth=off,sme=off", "--json");
            Assert.Equal(3, missing.ExitCode);
            Assert.Equal(["paca", "pacg"], Names(missing.Json.GetProperty("missing")).Order(StringComparer.Ordinal));
        }
        finally
        {
            File.Delete(policy);
        }
    }

    [SkippableFact]
    public void Probe_libvirt_boots_what_libvirt_makes_of_the_aarch64_artifact()
    {
        Peers.RequireQemuAarch64();
        Peers.RequireExecutable("virsh");
        var policy = WritePolicy();
        try
        {
            var r = CliRunner.Run("probe", "--arch", "aarch64", "--accel", "tcg", "--policy", policy, "--profile", "nosve", "--libvirt", "--json");
            Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
            Assert.Equal("libvirt", r.Json.GetProperty("backend").GetString());
            Assert.True(r.Json.GetProperty("matches").GetBoolean());

            // libvirt wrote pmu=off and sve=off itself and passed pauth/sme through -global; all reached the CPU.
            var cpu = r.Json.GetProperty("cpu").GetString()!.Split(',');
            Assert.Equal("max", cpu[0]);
            Assert.Contains("sve=off", cpu);
            Assert.Contains("pmu=off", cpu);
            Assert.Contains("pauth=on", cpu);
            Assert.Contains("sme=off", cpu);
        }
        finally
        {
            File.Delete(policy);
        }
    }

    private static void AssertGivesItsProfile(string what, string cpu, FeatureSet profile, FeatureSet controllable)
    {
        var observation = Arm64Prober.Observe(cpu, Tcg);
        var c = Arm64PolicyComparison.Compare(observation.Guest.Features, profile, controllable, Release);
        Assert.False(c.Compared.IsEmpty, $"{what}: nothing compared");
        if (!c.Matches)
        {
            var db = observation.Guest.Database;
            Assert.Fail($"{what}, -cpu {cpu}: missing [{string.Join(", ", db.Expand(c.Missing).Select(f => f.Name))}], extra [{string.Join(", ", db.Expand(c.Extra).Select(f => f.Name))}]");
        }
    }

    private static string WritePolicy()
    {
        var path = Path.Combine(Path.GetTempPath(), $"cpupolicy-armpolicy-{Guid.NewGuid():N}.cpupolicy");
        File.WriteAllText(path, NoSvePolicy);
        return path;
    }

    private static List<string> Names(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    /// <summary>A policy's `target qemu { ... }` and `target libvirt { ... }` blocks (replaced by the upstream release's).</summary>
    [GeneratedRegex(@"^target\s+(qemu|libvirt)\s*\{[^}]*\}\s*$", RegexOptions.Multiline)]
    private static partial Regex TargetBlocks();
}
