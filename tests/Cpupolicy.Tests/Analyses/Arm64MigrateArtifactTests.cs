using System.Text.Json;
using Cpupolicy.Compiler.Analyses;
using Cpupolicy.Compiler.Inventory;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Database.Arm64;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Core.Ir;
using Cpupolicy.Tests.Backends;
using Cpupolicy.Tests.Cli;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Cpupolicy.Tests.Analyses;

/// <summary>
/// <c>migrate --vm</c> with an aarch64 artifact (issue 16): a QEMU <c>-cpu host,...</c> (upstream or openEuler's
/// SYSREG form, or <c>max,...</c>) or a libvirt aarch64 domain is the boot host's features minus what it turns
/// off, so it needs <c>--from</c> (CP1030), and then gets the verdict its profile gets.
/// </summary>
public sealed class Arm64MigrateArtifactTests : IDisposable
{
    private readonly DirectoryInfo temp = Directory.CreateTempSubdirectory("cpupolicy-arm64-migrate-artifact-");

    private static string Kunpeng => Path.Combine(Examples.Folder, "hosts", "aarch64-kunpeng-920-tsv110.cpuinfo");

    private static string Hip09 => Path.Combine(Examples.Folder, "hosts", "aarch64-kunpeng-920-hip09.modelled.cpuinfo");

    /// <summary>
    /// For all aarch64 profiles with hosts, every qemu and libvirt variant that emits: the artifact, read back
    /// through <c>migrate --vm</c>'s service with a host of the profile as <c>--from</c>, gets the verdict the
    /// profile itself gets (compatibility, missing features, direction, refusals, warnings), to a host of the profile
    /// and to an unrelated one.
    /// </summary>
    [Property(MaxTest = 150)]
    public Property An_emitted_aarch64_artifact_read_back_by_migrate_gets_its_profiles_verdict() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue - 1)), seed =>
        {
            var random = new Random(seed);
            var made = Arm64TestProfiles.Make(seed, 1 + random.Next(3), random.NextDouble());
            var dir = Directory.CreateDirectory(Path.Combine(temp.FullName, $"p{seed}"));

            // The hosts as ID-register dumps, read back as migrate reads them; the profile over those hosts.
            var hostFiles = made.HostCpus.Select((h, i) => Dump(dir, $"h{i}.json", h.Capability)).ToList();
            var read = hostFiles.Select(f => Arm64Migration.Side.Of(f, InventoryReader.Read(f))).ToList();
            var profile = made with { HostCpus = read.Select((s, i) => new ProfileHost($"h{i}", s.Features)).ToList() };
            var other = Dump(dir, "other.json", Arm64TestProfiles.Make(seed ^ 0x5a5a5a, 1, 0).HostCpus[0].Capability);
            var boot = random.Next(read.Count);
            // Random profiles over several hosts are often refused (CP1008); the boot host's own set with some
            // writable fields lowered and SVE or the PMU dropped always has an openEuler artifact, and often an upstream one.
            var lowered = made with { Name = "low", Features = Lowered(random, read[boot].Features), HostCpus = [new ProfileHost("h", read[boot].Features)] };
            var checkedArtifacts = 0;
            foreach (var p in new[] { profile, lowered })
            {
                checkedArtifacts += Compare(p, dir, hostFiles, other, boot, read[boot], random);
            }

            Assert.True(checkedArtifacts > 0, "no artifact was emitted");
            dir.Delete(recursive: true);
            return true;
        });

    private static int Compare(ProfileIr profile, DirectoryInfo dir, IReadOnlyList<string> hostFiles, string other, int boot, Arm64Migration.Side bootSide, Random random)
    {
        var profileSide = new Arm64Migration.Side(profile.Name, profile.Features, Arm64Database.Default.All, null, []);
        var count = 0;
        foreach (var backend in new[] { "qemu", "libvirt" })
        {
            var b = TestTargets.Backend(backend);
            foreach (var options in Arm64BackendLawTests.Variants(backend))
            {
                string artifact;
                try
                {
                    artifact = b.Emit(profile, options);
                }
                catch (DiagnosticException e) when (e.Diagnostic.Code == "CP1008")
                {
                    continue;
                }

                var path = Path.Combine(dir.FullName, backend + b.FileSuffix);
                File.WriteAllText(path, artifact);
                foreach (var to in new[] { hostFiles[random.Next(hostFiles.Count)], other })
                {
                    var toSide = Arm64Migration.Side.Of(to, InventoryReader.Read(to));
                    var expected = Arm64Migration.Check(profileSide, toSide, bootSide);
                    var outcome = MigrationService.Run(new MigrationRequest { Vm = path, To = to, From = hostFiles[boot] });
                    var actual = Assert.IsType<MigrationOutcome.Aarch64>(outcome).Verdict;
                    var what = $"{profile.Name} {backend} {string.Join(" ", options.Values.Select(v => $"{v.Key}={v.Value}"))}, boot h{boot}, to {Path.GetFileName(to)}\n{artifact}";
                    Assert.True(expected.VmFeatures.Equals(actual.VmFeatures), $"{what}: VM features differ: profile [{Names(expected.VmFeatures - actual.VmFeatures)}] artifact [{Names(actual.VmFeatures - expected.VmFeatures)}]");
                    Assert.Equal(expected.Compatible, actual.Compatible);
                    Assert.Equal(expected.Missing.Select(f => f.Name), actual.Missing.Select(f => f.Name));
                    Assert.Equal(expected.Direction, actual.Direction);
                    Assert.Equal(expected.Pmu, actual.Pmu);
                    Assert.Equal(expected.Blockers.Select(d => d.Code), actual.Blockers.Select(d => d.Code));
                    Assert.Equal(expected.Warnings.Select(d => d.Code), actual.Warnings.Select(d => d.Code));
                    Assert.Equal(backend, actual.VmKind);
                    count++;
                }
            }
        }

        return count;
    }

    /// <summary>A host's set with some writable fields lowered (closed again), and SVE or the PMU dropped at random.</summary>
    private static FeatureSet Lowered(Random random, FeatureSet host)
    {
        var db = Arm64Database.Default;
        var levels = Arm64Levels.FromFeatures(host, db);
        foreach (var field in Core.Backends.Qemu.Arm64.Arm64WritableFields.Default.Fields)
        {
            if (levels.Get(field) != field.Absent && random.NextDouble() < 0.3)
            {
                var onField = db.Features.Where(f => f.When.Count == 1 && f.Primary.Field.Key == field.Key && f.Primary.Level < levels.Get(field)).ToList();
                levels = levels.With(field, onField.Count == 0 || random.Next(2) == 0 ? field.Absent : onField[random.Next(onField.Count)].Primary.Level);
            }
        }

        var features = host & levels.Features;
        foreach (var property in Core.Backends.Qemu.Arm64.Arm64CpuProperty.All(db).Where(p => p.Name is "sve" or "pmu"))
        {
            if (random.Next(2) == 0)
            {
                features -= property.Group;
            }
        }

        FeatureSet before;
        do
        {
            before = features;
            features = FeatureSet.Of(db.Expand(features).Where(f => (f.RequiresAll - features).IsEmpty).Select(f => f.Index));
        }
        while (!features.Equals(before));

        return features;
    }

    [Fact]
    public void The_kunpeng_examples_artifacts_get_the_verdict_and_exit_code_of_their_profile()
    {
        var policy = Examples.Path("kunpeng-generations");
        var output = Path.Combine(temp.FullName, "out");
        var compiled = CliRunner.Run("compile", policy, "--out", output);
        Assert.True(compiled.ExitCode == 0, compiled.Stderr);
        foreach (var profile in new[] { "kunpeng-min", "hip09" })
        {
            foreach (var artifact in new[] { $"{profile}.qemu.txt", $"{profile}.libvirt.xml" })
            {
                // A VM boots on a host of its profile: hip09's artifact asks for SVE, which the older generation lacks.
                var moves = profile == "hip09"
                    ? new[] { ("hip09-1", "tsv110-1"), ("hip09-1", "hip09-1") }
                    : new[] { ("tsv110-1", "hip09-1"), ("hip09-1", "tsv110-1"), ("hip09-1", "hip09-1"), ("tsv110-1", "tsv110-1") };
                foreach (var (from, to) in moves)
                {
                    var byProfile = CliRunner.Run("migrate", "--policy", policy, "--vm", profile, "--from", from, "--to", to, "--json");
                    var byArtifact = CliRunner.Run("migrate", "--policy", policy, "--vm", Path.Combine(output, artifact), "--from", from, "--to", to, "--json");
                    var what = $"{artifact} from {from} to {to}: {byArtifact.Stderr}";
                    Assert.True(byProfile.ExitCode == byArtifact.ExitCode, what);
                    Assert.Contains(byArtifact.ExitCode, new[] { 0, 3 });
                    foreach (var key in new[] { "compatible", "missing", "direction", "boot_host_extra", "pmu" })
                    {
                        Assert.Equal(byProfile.Json.GetProperty(key).GetRawText(), byArtifact.Json.GetProperty(key).GetRawText());
                    }

                    Assert.Equal(byProfile.Json.GetProperty("vm").GetProperty("features").GetRawText(), byArtifact.Json.GetProperty("vm").GetProperty("features").GetRawText());
                    Assert.Equal(artifact.EndsWith(".xml", StringComparison.Ordinal) ? "libvirt" : "qemu", byArtifact.Json.GetProperty("vm").GetProperty("kind").GetString());
                }
            }
        }

        // The newer generation's minimum-set VM moving back is refused by the one-way rule (exit 3); forward it is allowed (exit 0).
        Assert.Equal(3, CliRunner.Run("migrate", "--policy", policy, "--vm", Path.Combine(output, "kunpeng-min.qemu.txt"), "--from", "hip09-1", "--to", "tsv110-1").ExitCode);
        Assert.Equal(0, CliRunner.Run("migrate", "--policy", policy, "--vm", Path.Combine(output, "kunpeng-min.libvirt.xml"), "--from", "tsv110-1", "--to", "hip09-1").ExitCode);
    }

    [Fact]
    public void An_inline_host_cpu_value_is_the_boot_hosts_features_minus_what_it_turns_off()
    {
        // HIP09 with SVE and the PMU off still has what the older generation lacks (i8mm, bf16, ...): exit 3 naming them.
        var result = CliRunner.Run("migrate", "--vm", "host,sve=off,pmu=off", "--from", Hip09, "--to", Kunpeng, "--json");
        Assert.True(result.ExitCode == 3, result.Stderr + result.Stdout);
        var missing = result.Json.GetProperty("missing").EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToList();
        Assert.Contains("i8mm", missing);
        Assert.DoesNotContain("sve", missing);
        Assert.DoesNotContain("sve2", missing);
        Assert.Equal("qemu", result.Json.GetProperty("vm").GetProperty("kind").GetString());
        Assert.Equal("--vm", result.Json.GetProperty("vm").GetProperty("source").GetString());

        // The older generation's full set fits the newer one.
        var up = CliRunner.Run("migrate", "--vm", "-cpu host,sve=off,pmu=off", "--from", Kunpeng, "--to", Hip09);
        Assert.True(up.ExitCode == 0, up.Stderr + up.Stdout);
        Assert.Contains("(qemu, aarch64)", up.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_host_cpu_artifact_without_the_boot_host_is_CP1030_naming_it()
    {
        var result = CliRunner.Run("migrate", "--vm", "host,sve=off,pmu=off", "--to", Kunpeng);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("CP1030", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("`host,sve=off,pmu=off`", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--from", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);

        // A bad property is the decoder's own diagnostic, before the missing boot host.
        var bad = CliRunner.Run("migrate", "--vm", "host,sve=maybe", "--to", Kunpeng);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("CP1012", bad.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void An_aarch64_cpu_to_an_x86_host_is_incompatible_across_architectures()
    {
        var x86 = Path.Combine(Infrastructure.RepoData.RepoRoot, "data", "samples", "spr-vm.proc-cpuinfo.txt");
        var result = CliRunner.Run("migrate", "--vm", "-cpu host,sve=off", "--to", x86, "--json");
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("aarch64", result.Json.GetProperty("arch_mismatch").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_aarch64_libvirt_domain_needs_an_aarch64_boot_host_and_is_incompatible_with_an_x86_destination()
    {
        var x86 = Path.Combine(Infrastructure.RepoData.RepoRoot, "data", "samples", "spr-vm.proc-cpuinfo.txt");
        var domain = Path.Combine(temp.FullName, "vm.xml");
        File.WriteAllText(domain, "<domain xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'><os><type arch='aarch64' machine='virt'>hvm</type></os><features><pmu state='off'/></features><cpu mode='host-passthrough' check='none'><feature policy='disable' name='sve'/></cpu></domain>");

        // An x86 boot host is named as the artifact's --from: CP1030 says it is not an aarch64 host.
        var wrongFrom = CliRunner.Run("migrate", "--vm", domain, "--from", x86, "--to", Kunpeng);
        Assert.Equal(1, wrongFrom.ExitCode);
        Assert.Contains("CP1030", wrongFrom.Stderr, StringComparison.Ordinal);
        Assert.Contains("is not an aarch64 host", wrongFrom.Stderr, StringComparison.Ordinal);

        // To an x86 host: no migration across architectures (exit 3), not an x86 reading of the domain.
        var toX86 = CliRunner.Run("migrate", "--vm", domain, "--to", x86, "--json");
        Assert.True(toX86.ExitCode == 3, toX86.Stderr + toX86.Stdout);
        Assert.Contains("aarch64", toX86.Json.GetProperty("arch_mismatch").GetString(), StringComparison.Ordinal);

        // With its aarch64 boot host it is read: Kunpeng 920 without SVE (it has none) and without the PMU fits HIP09.
        var fits = CliRunner.Run("migrate", "--vm", domain, "--from", Kunpeng, "--to", Hip09, "--json");
        Assert.True(fits.ExitCode == 0, fits.Stderr + fits.Stdout);
        Assert.Equal("libvirt", fits.Json.GetProperty("vm").GetProperty("kind").GetString());
    }

    [Fact]
    public void The_migration_service_answers_each_kind_of_question_with_its_own_outcome()
    {
        var x86 = Path.Combine(Infrastructure.RepoData.RepoRoot, "data", "samples", "spr-vm.proc-cpuinfo.txt");
        Assert.IsType<MigrationOutcome.X86>(MigrationService.Run(new MigrationRequest { Vm = "Haswell-v4,-avx2", To = x86 }));
        Assert.IsType<MigrationOutcome.Aarch64>(MigrationService.Run(new MigrationRequest { Vm = Kunpeng, To = Hip09 }));
        Assert.IsType<MigrationOutcome.Aarch64>(MigrationService.Run(new MigrationRequest { Vm = "host,sve=off", To = Hip09, From = Kunpeng }));
        var kubevirt = Path.Combine(Examples.Folder, "kubevirt");
        Assert.IsType<MigrationOutcome.KubevirtNodes>(MigrationService.Run(new MigrationRequest { Vm = Path.Combine(kubevirt, "web01.vmi.yaml"), To = Path.Combine(kubevirt, "harvester-nodes.yaml") }));
    }

    public void Dispose() => temp.Delete(recursive: true);

    /// <summary>An ID-register dump (the probe's format) with the levels that give <paramref name="features"/>.</summary>
    private static string Dump(DirectoryInfo dir, string name, FeatureSet features)
    {
        var registers = Arm64Levels.FromFeatures(features, Arm64Database.Default).Registers()
            .ToDictionary(r => r.Key, r => $"0x{r.Value:x16}", StringComparer.Ordinal);
        registers["MIDR_EL1"] = "0x00000000481fd010";
        var path = Path.Combine(dir.FullName, name);
        File.WriteAllText(path, JsonSerializer.Serialize(new Dictionary<string, object> { ["arch"] = "aarch64", ["registers"] = registers }));
        return path;
    }

    private static string Names(FeatureSet set) => string.Join(", ", Arm64Database.Default.Expand(set).Select(f => f.Name));
}
