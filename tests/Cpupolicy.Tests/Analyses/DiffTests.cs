using System.Text.Json;
using Cpupolicy.Tests.Cli;

namespace Cpupolicy.Tests.Analyses;

/// <summary><c>cpupolicy diff</c> on the bundled examples: policy against policy, compiled output against policy.</summary>
public sealed class DiffTests : IDisposable
{
    private readonly Examples examples = new();

    [Fact]
    public void Moving_vms_to_the_pool_baseline_shows_what_they_lose_and_which_artifacts_change()
    {
        var variant = examples.Variant("xcpng-homelab", "homelab-moved", ("vm \"build-*\" uses haswell-booted", "vm \"build-*\" uses pool-baseline"));
        var result = CliRunner.Run("diff", Examples.Path("xcpng-homelab"), variant, "--json");
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        var json = result.Json;
        Assert.True(json.GetProperty("changed").GetBoolean());

        // No profile changed: the same hosts, the same expressions.
        Assert.All(json.GetProperty("profiles").EnumerateArray(), p => Assert.Equal("unchanged", p.GetProperty("status").GetString()));

        var vms = json.GetProperty("vms").EnumerateArray().ToDictionary(v => v.GetProperty("glob").ValueKind == JsonValueKind.Null ? "(default)" : v.GetProperty("glob").GetString()!);
        var build = vms["build-*"];
        Assert.Equal("changed", build.GetProperty("status").GetString());
        Assert.Equal("haswell-booted", build.GetProperty("old_profile").GetString());
        Assert.Equal("pool-baseline", build.GetProperty("new_profile").GetString());
        var lost = build.GetProperty("lost").EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToList();
        Assert.Contains("avx2", lost);
        Assert.Contains("bmi2", lost);
        Assert.Contains("fma", lost);
        Assert.Empty(build.GetProperty("gained").EnumerateArray());
        Assert.Equal(["xapi", "xen"], build.GetProperty("artifacts_changed").EnumerateArray().Select(a => a.GetString()!).ToArray());
        Assert.Equal("unchanged", vms["ci-runner-??"].GetProperty("status").GetString());
        Assert.Equal("unchanged", vms["(default)"].GetProperty("status").GetString());
    }

    [Fact]
    public void A_compiled_output_against_its_own_policy_has_no_difference_and_against_a_changed_one_does()
    {
        var policy = Examples.Path("no-tsx");
        var output = Path.Combine(examples.Temp, "no-tsx-out");
        var compiled = CliRunner.Run("compile", policy, "--out", output);
        Assert.True(compiled.ExitCode == 0, compiled.Stderr);

        var same = CliRunner.Run("diff", output, policy, "--json");
        Assert.True(same.ExitCode == 0, same.Stderr + same.Stdout);
        Assert.False(same.Json.GetProperty("changed").GetBoolean());

        // Give `general` XSAVES back: it gains the feature, and its libvirt and qemu artifacts change.
        var variant = examples.Variant("no-tsx", "no-tsx-xsaves", ("profile general = baseline(rack) - {hle, rtm, xsaves}", "profile general = baseline(rack) - {hle, rtm}"));
        var diff = CliRunner.Run("diff", output, variant, "--json");
        Assert.True(diff.ExitCode == 0, diff.Stderr + diff.Stdout);
        var general = diff.Json.GetProperty("profiles").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "general");
        Assert.Equal("changed", general.GetProperty("status").GetString());
        Assert.Equal(["xsaves"], general.GetProperty("gained").EnumerateArray().Select(f => f.GetProperty("name").GetString()!).ToArray());
        Assert.Equal(["libvirt", "qemu"], general.GetProperty("artifacts_changed").EnumerateArray().Select(a => a.GetString()!).ToArray());
        var defaultVms = diff.Json.GetProperty("vms").EnumerateArray().Single(v => v.GetProperty("glob").ValueKind == JsonValueKind.Null);
        Assert.Equal("changed", defaultVms.GetProperty("status").GetString());

        // The human form names the profile and the feature.
        var text = CliRunner.Run("diff", output, variant);
        Assert.Contains("general", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("xsaves", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Added_and_removed_profiles_and_globs_are_reported()
    {
        var variant = examples.Variant(
            "epyc-generations",
            "epyc-renamed",
            ("profile zen2 = ", "profile zen2-plus = "),
            ("vm \"db-*\" uses zen2", "vm \"db-*\" uses zen2-plus\nvm \"cache-*\" uses zen2-plus"));
        var result = CliRunner.Run("diff", Examples.Path("epyc-generations"), variant, "--json");
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        var profiles = result.Json.GetProperty("profiles").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("status").GetString());
        Assert.Equal("removed", profiles["zen2"]);
        Assert.Equal("added", profiles["zen2-plus"]);
        Assert.Equal("unchanged", profiles["epyc-all"]);
        var vms = result.Json.GetProperty("vms").EnumerateArray().Where(v => v.GetProperty("glob").ValueKind != JsonValueKind.Null)
            .ToDictionary(v => v.GetProperty("glob").GetString()!);
        Assert.Equal("changed", vms["db-*"].GetProperty("status").GetString());
        Assert.Empty(vms["db-*"].GetProperty("gained").EnumerateArray());

        // `cache-*` VMs took the default before; now they get the Zen 2 profile, with CLWB and RDPID.
        var cache = vms["cache-*"];
        Assert.Equal("added", cache.GetProperty("status").GetString());
        Assert.Equal("epyc-all", cache.GetProperty("old_profile").GetString());
        var gained = cache.GetProperty("gained").EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToList();
        Assert.Contains("clwb", gained);
        Assert.Contains("rdpid", gained);
    }

    [Fact]
    public void A_directory_without_a_bundle_is_an_error()
    {
        var result = CliRunner.Run("diff", examples.Temp, Examples.Path("no-tsx"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("CP0807", result.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => examples.Dispose();
}
