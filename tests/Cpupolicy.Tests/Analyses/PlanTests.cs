using System.Text.Json;
using Cpupolicy.Tests.Cli;

namespace Cpupolicy.Tests.Analyses;

/// <summary><c>cpupolicy plan</c> on the bundled examples: a hardware refresh of the homelab, and plans that break the policy.</summary>
public sealed class PlanTests : IDisposable
{
    private readonly Examples examples = new();

    /// <summary>Replace the Ivy Bridge host (zeus) with a Skylake-SP one: the pool baseline rises to Haswell level.</summary>
    [Fact]
    public void Replacing_the_ivy_bridge_host_raises_the_pool_baseline_and_orders_the_work()
    {
        var skylake = Path.Combine(Examples.Folder, "hosts", "x86_64-cpuid-Xeon-Gold-6148.xml");
        var result = CliRunner.Run("plan", "--policy", Examples.Path("xcpng-homelab"), "--add", $"athena={skylake}", "--remove", "zeus", "--json");
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        var json = result.Json;
        Assert.True(json.GetProperty("feasible").GetBoolean());
        Assert.Equal(["homelab"], Strings(json.GetProperty("into_pools")));

        var pool = json.GetProperty("pools").EnumerateArray().Single();
        Assert.Equal(["hera", "athena"], Strings(pool.GetProperty("new_hosts")));
        var gained = Names(pool.GetProperty("gained"));
        Assert.Contains("avx2", gained);
        Assert.Contains("bmi2", gained);
        Assert.Contains("fma", gained);

        var profiles = json.GetProperty("profiles").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
        Assert.Equal("changed", profiles["pool-baseline"].GetProperty("status").GetString());
        Assert.Contains("avx2", Names(profiles["pool-baseline"].GetProperty("gained")));
        Assert.Equal("unchanged", profiles["haswell-booted"].GetProperty("status").GetString());

        // The default VMs (pool-baseline) gain the Haswell features only after a full shutdown and start.
        var vms = json.GetProperty("vms").EnumerateArray().ToList();
        var defaults = vms.Single(v => v.GetProperty("glob").ValueKind == JsonValueKind.Null);
        Assert.True(defaults.GetProperty("needs_cold_restart").GetBoolean());
        Assert.Contains("avx2", Names(defaults.GetProperty("gains")));
        Assert.Equal(["zeus"], Strings(defaults.GetProperty("on_retired_hosts")));
        Assert.Equal(["athena", "hera"], Strings(defaults.GetProperty("live_targets")));
        var build = vms.Single(v => v.GetProperty("glob").GetString() == "build-*");
        Assert.False(build.GetProperty("needs_cold_restart").GetBoolean());
        Assert.Equal(["hera"], Strings(build.GetProperty("live_targets")));

        // Add, deploy, move, retire, cold-restart: in that order.
        var actions = json.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("action").GetString()!).ToArray();
        Assert.Equal(["add-hosts", "deploy-policy", "move-vms", "retire-hosts", "cold-restart"], actions);
        var move = json.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("action").GetString() == "move-vms");
        Assert.Equal(["zeus"], Strings(move.GetProperty("hosts")));
        Assert.Contains("host athena from", json.GetProperty("policy_after").GetString(), StringComparison.Ordinal);
    }

    /// <summary>An older host joins: the pool baseline drops, and running VMs cannot move to the new host until they are cold-restarted.</summary>
    [Fact]
    public void An_older_host_lowers_the_baseline_and_running_vms_lose_the_ability_to_migrate_to_it()
    {
        var nehalem = Path.Combine(Infrastructure.RepoData.LibvirtTestData, "x86_64-cpuid-Xeon-W3520.xml");
        var result = CliRunner.Run("plan", "--policy", Examples.Path("xcpng-homelab"), "--add", $"hermes={nehalem}", "--json");
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        var json = result.Json;
        var lost = Names(json.GetProperty("pools").EnumerateArray().Single().GetProperty("lost"));
        Assert.Contains("avx", lost);
        var defaults = json.GetProperty("vms").EnumerateArray().Single(v => v.GetProperty("glob").ValueKind == JsonValueKind.Null);
        Assert.Contains("avx", Names(defaults.GetProperty("loses")));
        Assert.Contains("avx", Names(defaults.GetProperty("cannot_migrate_to").GetProperty("hermes")));
        Assert.Equal("cold-restart", json.GetProperty("steps").EnumerateArray().Last().GetProperty("action").GetString());
    }

    [Fact]
    public void Retiring_a_host_a_profile_names_directly_is_a_blocker()
    {
        var result = CliRunner.Run("plan", "--policy", Examples.Path("xcpng-homelab"), "--remove", "hera", "--json");
        Assert.True(result.ExitCode == 3, result.Stderr + result.Stdout);
        Assert.False(result.Json.GetProperty("feasible").GetBoolean());
        var blocker = result.Json.GetProperty("blockers").EnumerateArray().First();
        Assert.Equal("CP0808", blocker.GetProperty("code").GetString());
        Assert.Contains("hera", blocker.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("fix-policy", result.Json.GetProperty("steps").EnumerateArray().First().GetProperty("action").GetString());
    }

    [Fact]
    public void Several_pools_need_pool_and_names_are_checked()
    {
        var host = Path.Combine(Examples.Folder, "hosts", "x86_64-cpuid-Xeon-Gold-6148.xml");
        var ambiguous = CliRunner.Run("plan", "--policy", Examples.Path("harvester-cascadelake"), "--add", host);
        Assert.Equal(2, ambiguous.ExitCode);
        Assert.Contains("--pool", ambiguous.Stderr, StringComparison.Ordinal);

        var chosen = CliRunner.Run("plan", "--policy", Examples.Path("harvester-cascadelake"), "--add", $"skx-node-5={host}", "--pool", "harvester", "--json");
        Assert.True(chosen.ExitCode == 0, chosen.Stderr + chosen.Stdout);
        var cluster = chosen.Json.GetProperty("profiles").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "cluster");
        Assert.Contains("avx512vnni", Names(cluster.GetProperty("lost")));

        var clash = CliRunner.Run("plan", "--policy", Examples.Path("harvester-cascadelake"), "--add", $"csl-node-1={host}", "--pool", "harvester");
        Assert.Equal(1, clash.ExitCode);
        Assert.Contains("CP0809", clash.Stderr, StringComparison.Ordinal);

        var noPool = CliRunner.Run("plan", "--policy", Examples.Path("harvester-cascadelake"), "--add", $"skx={host}", "--pool", "harvestr");
        Assert.Equal(1, noPool.ExitCode);
        Assert.Contains("CP0810", noPool.Stderr, StringComparison.Ordinal);

        var noHost = CliRunner.Run("plan", "--policy", Examples.Path("harvester-cascadelake"), "--remove", "csl-node-9");
        Assert.Equal(1, noHost.ExitCode);
        Assert.Contains("CP0802", noHost.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => examples.Dispose();

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

    private static List<string> Names(JsonElement features) => features.EnumerateArray().Select(f => f.GetProperty("name").GetString()!).ToList();
}
