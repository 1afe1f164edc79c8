using System.Text.Json;
using Cpupolicy.Compiler.Analyses;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Database.Arm64;
using Cpupolicy.Tests.Backends;
using Cpupolicy.Tests.Cli;
using Cpupolicy.Tests.Infrastructure;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Cpupolicy.Tests.Analyses;

/// <summary>
/// <c>migrate</c> between aarch64 hosts (issue 16, analyses): real /proc/cpuinfo texts (data/samples/aarch64),
/// the Kunpeng example's two generations, and ID-register dumps that carry the counter frequency and the GIC.
/// </summary>
public sealed class Arm64MigrateTests : IDisposable
{
    private readonly DirectoryInfo temp = Directory.CreateTempSubdirectory("cpupolicy-arm64-migrate-");

    private static string Sample(string name) => Path.Combine(RepoData.RepoRoot, "data", "samples", "aarch64", name);

    private static string Kunpeng => Path.Combine(Examples.Folder, "hosts", "aarch64-kunpeng-920-tsv110.cpuinfo");

    private static string Hip09 => Path.Combine(Examples.Folder, "hosts", "aarch64-kunpeng-920-hip09.modelled.cpuinfo");

    private static List<string> Hwcaps(string cpuinfoPath) =>
        File.ReadLines(cpuinfoPath).First(l => l.StartsWith("Features", StringComparison.Ordinal)).Split(':')[1]
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(n => n is not ("evtstrm" or "cpuid")).ToList();

    [Fact]
    public void Migrating_the_richer_host_to_the_poorer_exits_3_naming_each_missing_hwcap()
    {
        var v1 = Sample("neoverse-v1-graviton3.cpuinfo");
        var kunpeng = Sample("kunpeng-920-taishan-2280.cpuinfo");
        var result = CliRunner.Run("migrate", "--vm", v1, "--to", kunpeng, "--json");
        Assert.True(result.ExitCode == 3, result.Stderr + result.Stdout);
        var json = result.Json;
        Assert.Equal("aarch64", json.GetProperty("arch").GetString());
        Assert.False(json.GetProperty("compatible").GetBoolean());
        var missing = json.GetProperty("missing").EnumerateArray().Select(f => f.GetProperty("name").GetString()!).Order(StringComparer.Ordinal);
        Assert.Equal(Hwcaps(v1).Except(Hwcaps(kunpeng)).Order(StringComparer.Ordinal), missing);

        // Each missing feature also names its field and level.
        var sve = json.GetProperty("missing").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "sve");
        Assert.Equal("ID_AA64PFR0_EL1", sve.GetProperty("register").GetString());
        Assert.Equal("SVE", sve.GetProperty("field").GetString());
        Assert.Equal(1, sve.GetProperty("level").GetInt32());
        Assert.True(sve.GetProperty("hwcap").GetBoolean());

        // The one-way rule names the direction: the boot host (the VM's inventory) is the richer one.
        Assert.Equal("newer-to-older", json.GetProperty("direction").GetString());
        Assert.Contains("CP1013", result.Stderr, StringComparison.Ordinal);

        // The text report lists every missing hwcap with its field.
        var text = CliRunner.Run("migrate", "--vm", v1, "--to", kunpeng);
        Assert.Equal(3, text.ExitCode);
        foreach (var name in Hwcaps(v1).Except(Hwcaps(kunpeng)))
        {
            Assert.Contains($"missing {name}  (ID_AA64", text.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_older_kunpeng_generation_migrates_to_the_newer_and_not_back()
    {
        var up = CliRunner.Run("migrate", "--vm", Kunpeng, "--to", Hip09, "--json");
        Assert.True(up.ExitCode == 0, up.Stderr + up.Stdout);
        Assert.Equal("older-to-newer", up.Json.GetProperty("direction").GetString());
        Assert.Empty(up.Json.GetProperty("missing").EnumerateArray());

        var down = CliRunner.Run("migrate", "--vm", Hip09, "--to", Kunpeng, "--json");
        Assert.Equal(3, down.ExitCode);
        Assert.Equal("newer-to-older", down.Json.GetProperty("direction").GetString());
        Assert.Contains("sve", down.Json.GetProperty("boot_host_extra").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void A_minimum_set_profile_fits_both_generations_but_the_one_way_rule_still_refuses_new_to_old()
    {
        var policy = Examples.Path("kunpeng-generations");

        // Without the boot host only the features are compared: the minimum set fits the older generation.
        var fits = CliRunner.Run("migrate", "--policy", policy, "--vm", "kunpeng-min", "--to", "tsv110-1", "--json");
        Assert.True(fits.ExitCode == 0, fits.Stderr + fits.Stdout);
        Assert.Equal("profile", fits.Json.GetProperty("vm").GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, fits.Json.GetProperty("direction").ValueKind);

        // Booted on the newer generation: refused by the one-way rule although no feature is missing.
        var back = CliRunner.Run("migrate", "--policy", policy, "--vm", "kunpeng-min", "--to", "tsv110-1", "--from", "hip09-1", "--json");
        Assert.Equal(3, back.ExitCode);
        Assert.Empty(back.Json.GetProperty("missing").EnumerateArray());
        Assert.Equal("newer-to-older", back.Json.GetProperty("direction").GetString());
        Assert.Contains("CP1013", back.Stderr, StringComparison.Ordinal);
        Assert.Contains("`hip09-1` to `tsv110-1`", back.Stderr, StringComparison.Ordinal);

        // Booted on the older generation, to the newer: allowed.
        var forth = CliRunner.Run("migrate", "--policy", policy, "--vm", "kunpeng-min", "--to", "hip09-1", "--from", "tsv110-1");
        Assert.True(forth.ExitCode == 0, forth.Stderr + forth.Stdout);
        Assert.Contains("older-to-newer (allowed)", forth.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Different_counter_frequencies_block_migration_naming_both_values()
    {
        var a = Dump("a.json", counterHz: 100_000_000);
        var b = Dump("b.json", counterHz: 25_000_000);
        var result = CliRunner.Run("migrate", "--vm", a, "--to", b, "--json");
        Assert.Equal(3, result.ExitCode);
        Assert.Empty(result.Json.GetProperty("missing").EnumerateArray());
        Assert.Equal(100_000_000UL, result.Json.GetProperty("counter_hz").GetProperty("from").GetUInt64());
        Assert.Equal(25_000_000UL, result.Json.GetProperty("counter_hz").GetProperty("to").GetUInt64());
        var cp = result.Json.GetProperty("diagnostics").EnumerateArray().Single(d => d.GetProperty("code").GetString() == "CP1014");
        Assert.Contains("100000000 Hz", cp.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("25000000 Hz", cp.GetProperty("message").GetString(), StringComparison.Ordinal);

        Assert.Equal(0, CliRunner.Run("migrate", "--vm", a, "--to", Dump("a2.json", counterHz: 100_000_000)).ExitCode);
    }

    [Fact]
    public void Different_gic_versions_block_migration_naming_both_values()
    {
        // ID_AA64PFR0_EL1.GIC (bits 27:24): 1 = the GICv3 CPU interface, 0 = none (GICv2).
        var v3 = Dump("v3.json", pfr0: 0x1100000011111111);
        var v2 = Dump("v2.json", pfr0: 0x1100000010111111);
        var result = CliRunner.Run("migrate", "--vm", v2, "--to", v3, "--json");
        Assert.Equal(3, result.ExitCode);
        Assert.Equal("2", result.Json.GetProperty("gic_version").GetProperty("from").GetString());
        Assert.Equal("3", result.Json.GetProperty("gic_version").GetProperty("to").GetString());
        var cp = result.Json.GetProperty("diagnostics").EnumerateArray().Single(d => d.GetProperty("code").GetString() == "CP1015");
        Assert.Contains("GIC version 2", cp.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("GIC version 3", cp.GetProperty("message").GetString(), StringComparison.Ordinal);

        // A stated gic_version wins over the field.
        var stated = Dump("stated.json", pfr0: 0x1100000010111111, gic: "3");
        var same = CliRunner.Run("migrate", "--vm", stated, "--to", v3, "--json");
        Assert.True(same.ExitCode == 0, same.Stderr + same.Stdout);
        Assert.DoesNotContain("CP1015", same.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_vm_with_a_pmu_is_flagged_as_not_migratable()
    {
        var pmu = Dump("pmu.json", dfr0: 0x0000000000000106); // DebugVer 6, PMUVer 1 (IMP)
        var result = CliRunner.Run("migrate", "--vm", pmu, "--to", Dump("pmu2.json", dfr0: 0x0000000000000106), "--json");
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout); // a warning: the move itself works
        Assert.True(result.Json.GetProperty("pmu").GetBoolean());
        Assert.Contains("CP1016", result.Stderr, StringComparison.Ordinal);

        var none = CliRunner.Run("migrate", "--vm", Dump("nopmu.json"), "--to", Dump("nopmu2.json"), "--json");
        Assert.False(none.Json.GetProperty("pmu").GetBoolean());
        Assert.DoesNotContain("CP1016", none.Stderr, StringComparison.Ordinal);
    }

    /// <summary>
    /// For all two hosts (random field levels): the one-way rule is antisymmetric, a VM with the full set of one host
    /// fits the other exactly when that is not a move to an older (or unrelated) generation, and a VM with their
    /// field-wise minimum fits both.
    /// </summary>
    [Property(MaxTest = 300)]
    public Property The_one_way_rule_is_antisymmetric_and_the_minimum_fits_both() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue - 1)), seed =>
        {
            var hosts = Arm64TestProfiles.Make(seed, 2, 0).HostCpus;
            var db = Arm64Database.Default;
            // Hosts as field levels (what inventories give); their features are what those levels give.
            var levelsA = Arm64Levels.FromFeatures(hosts[0].Capability, db);
            var levelsB = Arm64Levels.FromFeatures(hosts[1].Capability, db);
            var a = Side("a", levelsA);
            var b = Side("b", levelsB);
            var ab = Arm64Migration.Check(a, b, null);
            var ba = Arm64Migration.Check(b, a, null);
            var mirror = (ab.Direction, ba.Direction) switch
            {
                (Arm64Direction.Same, Arm64Direction.Same) => true,
                (Arm64Direction.OlderToNewer, Arm64Direction.NewerToOlder) => true,
                (Arm64Direction.NewerToOlder, Arm64Direction.OlderToNewer) => true,
                (Arm64Direction.Neither, Arm64Direction.Neither) => true,
                _ => false,
            };
            var allowed = ab.Direction is Arm64Direction.Same or Arm64Direction.OlderToNewer;
            var min = levelsA.Minimum(levelsB).Features;
            var vm = new Arm64Migration.Side("min", min, db.All, null, []);
            Assert.True(mirror, $"{ab.Direction} one way, {ba.Direction} the other");
            Assert.True(ab.Compatible == allowed, $"{ab.Direction}: compatible {ab.Compatible}, missing {string.Join(' ', ab.Missing)}, blockers {string.Join(' ', ab.Blockers.Select(d => d.Code))}");
            Assert.Empty(Arm64Migration.Check(vm, a, null).Missing);
            Assert.Empty(Arm64Migration.Check(vm, b, null).Missing);
            return true;
        });

    public void Dispose() => temp.Delete(recursive: true);

    private static Arm64Migration.Side Side(string name, Arm64Levels levels) =>
        new(name, levels.Features, Arm64Database.Default.All, new Compiler.Inventory.Arm64Host(levels, Arm64Database.Default.All, null, null), []);

    /// <summary>An ID-register dump of a Neoverse-N1-like host with the given counter, PFR0, DFR0 and stated GIC.</summary>
    private string Dump(string name, ulong? counterHz = null, ulong pfr0 = 0x1100000011111111, ulong? dfr0 = null, string? gic = null)
    {
        var registers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["MIDR_EL1"] = "0x00000000414fd0c1",
            ["ID_AA64ISAR0_EL1"] = "0x0000100010211120",
            ["ID_AA64PFR0_EL1"] = $"0x{pfr0:x16}",
        };
        if (counterHz is { } hz)
        {
            registers["CNTFRQ_EL0"] = $"0x{hz:x16}";
        }

        if (dfr0 is { } d)
        {
            registers["ID_AA64DFR0_EL1"] = $"0x{d:x16}";
        }

        var json = new Dictionary<string, object> { ["arch"] = "aarch64", ["registers"] = registers };
        if (gic is not null)
        {
            json["gic_version"] = gic;
        }

        var path = Path.Combine(temp.FullName, name);
        File.WriteAllText(path, JsonSerializer.Serialize(json));
        return path;
    }
}
