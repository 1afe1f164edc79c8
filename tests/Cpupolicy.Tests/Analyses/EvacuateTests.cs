using System.Text.Json;
using Cpupolicy.Tests.Cli;

namespace Cpupolicy.Tests.Analyses;

/// <summary>
/// Done-when item 3, on the XCP-ng homelab example: hera (Haswell-EP) and zeus (Ivy Bridge) in one pool. VMs booted
/// on hera with AVX2/BMI2/FMA (profile <c>haswell-booted</c>) cannot leave hera, exactly the CANNOT_EVACUATE_HOST a
/// rolling update would hit; once they use the pool baseline, hera can be evacuated.
/// </summary>
public sealed class EvacuateTests : IDisposable
{
    private readonly Examples examples = new();

    [Fact]
    public void The_haswell_host_cannot_be_evacuated_while_vms_use_haswell_features()
    {
        var result = CliRunner.Run("evacuate", "--policy", Examples.Path("xcpng-homelab"), "--host", "hera", "--json");
        Assert.True(result.ExitCode == 3, result.Stderr + result.Stdout);
        var json = result.Json;
        Assert.Equal("hera", json.GetProperty("host").GetString());
        Assert.False(json.GetProperty("evacuable").GetBoolean());
        Assert.Equal(["zeus"], Strings(json.GetProperty("candidates")));

        var profiles = json.GetProperty("profiles").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
        var booted = profiles["haswell-booted"];
        Assert.Empty(booted.GetProperty("targets").EnumerateArray());
        Assert.Equal(["build-*", "ci-runner-??"], Strings(booted.GetProperty("vms")));
        var blockers = Strings(booted.GetProperty("blocked_by").GetProperty("zeus"), "name");
        Assert.Contains("avx2", blockers);
        Assert.Contains("bmi2", blockers);
        Assert.Contains("fma", blockers);

        // The feature entries have the shared shape: coordinates and every backend's name.
        var avx2 = booted.GetProperty("blocked_by").GetProperty("zeus").EnumerateArray().First(f => f.GetProperty("name").GetString() == "avx2");
        Assert.Equal(7, avx2.GetProperty("leaf").GetInt32());
        Assert.Equal("ebx", avx2.GetProperty("register").GetString());
        Assert.Equal(5, avx2.GetProperty("bit").GetInt32());
        Assert.Equal("avx2", avx2.GetProperty("names").GetProperty("libvirt").GetString());

        // The pool baseline runs on both hosts.
        Assert.Equal(["zeus"], Strings(profiles["pool-baseline"].GetProperty("targets")));
    }

    [Fact]
    public void The_haswell_host_can_be_evacuated_once_the_vms_use_the_pool_baseline()
    {
        var variant = examples.Variant("xcpng-homelab", "homelab-pool-only", ("uses haswell-booted", "uses pool-baseline"));
        var result = CliRunner.Run("evacuate", "--policy", variant, "--host", "hera", "--json");
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        Assert.True(result.Json.GetProperty("evacuable").GetBoolean());
        Assert.Equal(["haswell-booted"], Strings(result.Json.GetProperty("unused_profiles")));
        var only = Assert.Single(result.Json.GetProperty("profiles").EnumerateArray());
        Assert.Equal("pool-baseline", only.GetProperty("name").GetString());
        Assert.Equal(["build-*", "ci-runner-??", "(default)"], Strings(only.GetProperty("vms")));
    }

    [Fact]
    public void The_ivy_bridge_host_can_be_evacuated_and_the_human_output_says_so()
    {
        var result = CliRunner.Run("evacuate", "--policy", Examples.Path("xcpng-homelab"), "--host", "zeus");
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        Assert.Contains("pool-baseline", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("can be evacuated", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_host_in_two_pools_is_evacuated_to_both_and_an_unknown_host_is_an_error()
    {
        var harvester = CliRunner.Run("evacuate", "--policy", Examples.Path("harvester-cascadelake"), "--host", "icx-node-3", "--json");
        Assert.True(harvester.ExitCode is 0 or 3, harvester.Stderr);
        Assert.Equal(["cpx-node-2", "csl-node-1", "spr-node-4"], Strings(harvester.Json.GetProperty("candidates")).Order(StringComparer.Ordinal).ToArray());

        var typo = CliRunner.Run("evacuate", "--policy", Examples.Path("xcpng-homelab"), "--host", "hrea");
        Assert.Equal(1, typo.ExitCode);
        Assert.Contains("CP0802", typo.Stderr, StringComparison.Ordinal);
        Assert.Contains("`hera`", typo.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => examples.Dispose();

    private static string[] Strings(JsonElement array, string? property = null) =>
        array.EnumerateArray().Select(e => (property is null ? e : e.GetProperty(property)) is { ValueKind: JsonValueKind.Null } ? "(default)" : (property is null ? e : e.GetProperty(property)).GetString()!).ToArray();
}
