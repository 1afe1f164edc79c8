using System.Text.Json;
using Cpupolicy.Tests.Cli;

namespace Cpupolicy.Tests.Analyses;

/// <summary>
/// <c>evacuate</c>, <c>diff</c> and <c>plan</c> on the aarch64 pool of policy/examples/kunpeng-generations: verdicts
/// over field levels, the one-way rule between generations, and feature names that are aarch64 names (hwcaps and
/// <c>REG.FIELD</c>), never the x86 names the same bit positions have in the x86 database.
/// </summary>
public sealed class Arm64FleetAnalysesTests : IDisposable
{
    private const string Policy = "kunpeng-generations";

    private static readonly string[] X86Only = ["vmx", "sse2", "avx512f", "clflush", "fxsr"];

    private readonly Examples examples = new();

    [Fact]
    public void Evacuating_the_newer_host_is_refused_by_features_and_by_the_one_way_rule()
    {
        var result = CliRunner.Run("evacuate", "--policy", Examples.Path(Policy), "--host", "hip09-1", "--json");
        Assert.True(result.ExitCode == 3, result.Stderr + result.Stdout);
        var profiles = result.Json.GetProperty("profiles").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);

        // hip09 has what the older host lacks: named as aarch64 features, with their fields.
        var hip09 = profiles["hip09"];
        Assert.Equal("aarch64", hip09.GetProperty("arch").GetString());
        var blockers = hip09.GetProperty("blocked_by").GetProperty("tsv110-1").EnumerateArray().ToList();
        var names = blockers.Select(f => f.GetProperty("name").GetString()!).ToList();
        Assert.Contains("sve", names);
        Assert.Contains("sve2", names);
        Assert.DoesNotContain(names, n => X86Only.Contains(n));
        Assert.All(blockers, f => Assert.StartsWith("ID_AA64", f.GetProperty("register").GetString(), StringComparison.Ordinal));

        // kunpeng-min fits the older host feature for feature, but VMs booted on the newer one may not move down.
        var min = profiles["kunpeng-min"];
        Assert.Empty(min.GetProperty("targets").EnumerateArray());
        Assert.Equal(["tsv110-1"], min.GetProperty("one_way").EnumerateArray().Select(h => h.GetString()));
        Assert.Empty(min.GetProperty("blocked_by").GetProperty("tsv110-1").EnumerateArray());

        var text = CliRunner.Run("evacuate", "--policy", Examples.Path(Policy), "--host", "hip09-1");
        Assert.Contains("older generation (one-way)", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("sve2", text.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("vmx", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Evacuating_the_older_host_moves_its_vms_up_a_generation()
    {
        var result = CliRunner.Run("evacuate", "--policy", Examples.Path(Policy), "--host", "tsv110-1", "--json");
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        var min = result.Json.GetProperty("profiles").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "kunpeng-min");
        Assert.Equal(["hip09-1"], min.GetProperty("targets").EnumerateArray().Select(h => h.GetString()));
    }

    [Fact]
    public void Diff_names_aarch64_features_and_reads_a_compiled_aarch64_bundle()
    {
        var narrower = examples.Variant(Policy, "narrower", ("profile kunpeng-min = baseline(kunpeng) {", "profile kunpeng-min = baseline(kunpeng) - {asimdfhm} {"));
        var result = CliRunner.Run("diff", Examples.Path(Policy), narrower, "--json");
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        var min = result.Json.GetProperty("profiles").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "kunpeng-min");
        Assert.Equal("aarch64", min.GetProperty("arch").GetString());
        var lost = min.GetProperty("lost").EnumerateArray().ToList();
        Assert.Equal(["asimdfhm"], lost.Select(f => f.GetProperty("name").GetString()));
        Assert.Equal("ID_AA64ISAR0_EL1", lost[0].GetProperty("register").GetString());
        Assert.Equal("FHM", lost[0].GetProperty("field").GetString());
        Assert.Empty(min.GetProperty("gained").EnumerateArray());
        var vms = result.Json.GetProperty("vms").EnumerateArray().Single(v => v.GetProperty("glob").ValueKind == JsonValueKind.Null);
        Assert.Equal(["asimdfhm"], vms.GetProperty("lost").EnumerateArray().Select(f => f.GetProperty("name").GetString()));

        // A compiled output of the same policy reads back as aarch64 (the bundle names hwcaps): no difference.
        var outDir = Path.Combine(examples.Temp, "out");
        var compiled = CliRunner.Run("compile", Examples.Path(Policy), "--out", outDir);
        Assert.True(compiled.ExitCode == 0, compiled.Stderr + compiled.Stdout);
        var same = CliRunner.Run("diff", outDir, Examples.Path(Policy), "--json");
        Assert.True(same.ExitCode == 0, same.Stderr + same.Stdout);
        Assert.False(same.Json.GetProperty("changed").GetBoolean(), same.Stdout);

        var text = CliRunner.Run("diff", outDir, narrower);
        Assert.Contains("asimdfhm", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_on_the_kunpeng_pool_names_aarch64_features()
    {
        var result = CliRunner.Run("plan", "--policy", Examples.Path(Policy), "--remove", "tsv110-1", "--json");
        var pool = result.Json.GetProperty("pools").EnumerateArray().Single();
        Assert.Equal("aarch64", pool.GetProperty("arch").GetString());
        var gained = pool.GetProperty("gained").EnumerateArray().Select(f => f.GetProperty("name").GetString()!).ToList();
        Assert.Contains("sve", gained); // the pool's minimum is now the newer generation's set
        Assert.DoesNotContain(gained, n => X86Only.Contains(n));

        // VMs leave the older host for the newer one live: allowed by the one-way rule.
        var vm = result.Json.GetProperty("vms").EnumerateArray().Single(v => v.GetProperty("glob").ValueKind == JsonValueKind.Null);
        Assert.Equal("aarch64", vm.GetProperty("arch").GetString());
        Assert.Equal(["hip09-1"], vm.GetProperty("live_targets").EnumerateArray().Select(h => h.GetString()));

        // A KVM fleet: no XAPI in the steps (there is no XAPI on aarch64); the x86 homelab keeps its `xe pool-eject`.
        Assert.DoesNotContain(result.Json.GetProperty("steps").EnumerateArray(), s => s.GetProperty("description").GetString()!.Contains("XAPI", StringComparison.Ordinal));
        var x86 = CliRunner.Run("plan", "--policy", Examples.Path("xcpng-homelab"), "--remove", "hera", "--json");
        Assert.Contains(x86.Json.GetProperty("steps").EnumerateArray(), s => s.GetProperty("description").GetString()!.Contains("xe pool-eject", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_stops_vms_on_a_retired_newer_host_instead_of_moving_them_down()
    {
        var policy = examples.Variant(
            Policy,
            "min-only",
            ("profile hip09 = hip09-1 {\n  require sve2, ISAR1.I8MM >= IMP\n  vendor hisilicon\n}\n", string.Empty),
            ("vm \"hpc-*\" uses hip09\n", string.Empty));
        var result = CliRunner.Run("plan", "--policy", policy, "--remove", "hip09-1", "--json");
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        var vm = result.Json.GetProperty("vms").EnumerateArray().Single();
        Assert.Empty(vm.GetProperty("live_targets").EnumerateArray());
        Assert.Equal(["tsv110-1"], vm.GetProperty("one_way").EnumerateArray().Select(h => h.GetString()));
        var stop = result.Json.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("action").GetString() == "stop-vms");
        Assert.Contains("older to newer only", stop.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    public void Dispose() => examples.Dispose();
}
