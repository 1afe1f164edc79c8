using System.Text.Json;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Live;

/// <summary>
/// <c>evacuate --live</c> and <c>migrate --live</c> over recorded output of the real tools (<see cref="ReplayedTool"/>):
/// an XCP-ng pool where the policy was applied but not every VM restarted, a libvirt pair, a KubeVirt cluster.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LiveEvacuateTests
{
    private static string Homelab => Path.Combine(RepoData.RepoRoot, "policy", "examples", "xcpng-homelab.cpupolicy");

    private static string Harvester => Path.Combine(ReplayedTool.Recorded("kubevirt"), "cluster.cpupolicy");

    private static string Pair => Path.Combine(ReplayedTool.Recorded("libvirt"), "pair.cpupolicy");

    [Fact]
    public void Xcpng_pool_gives_exactly_the_vms_that_block_and_the_cold_restart_plan()
    {
        using var xe = new ReplayedTool("CPUPOLICY_XE", "xapi");
        var result = xe.Run("evacuate", "--policy", Homelab, "--host", "hera", "--live", "xapi", "--json");
        Assert.True(result.ExitCode == 3, result.Stderr + result.Stdout);
        var json = result.Json;
        Assert.False(json.GetProperty("evacuable").GetBoolean());
        Assert.Equal(["build-01", "ci-runner-07", "db-01"], Names(json.GetProperty("blocking")));
        var vms = json.GetProperty("vms").EnumerateArray().ToDictionary(v => v.GetProperty("name").GetString()!);
        Assert.Equal(4, vms.Count);
        Assert.True(vms["web-01"].GetProperty("can_move").GetBoolean());
        Assert.Equal(["zeus"], Names(vms["web-01"].GetProperty("targets")));

        var db = vms["db-01"];
        Assert.Equal("cold-restart", db.GetProperty("fix").GetProperty("action").GetString());
        Assert.Equal("pool-baseline", db.GetProperty("fix").GetProperty("profile").GetString());
        Assert.Equal(["zeus"], Names(db.GetProperty("fix").GetProperty("targets")));
        var missing = db.GetProperty("blocked_by").GetProperty("zeus").EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToList();
        Assert.Contains("avx2", missing);
        Assert.Contains("fma", missing);

        // haswell-booted itself needs what zeus lacks: no restart helps, the policy must change.
        Assert.Equal("change-policy", vms["build-01"].GetProperty("fix").GetProperty("action").GetString());
        Assert.Equal("haswell-booted", vms["build-01"].GetProperty("profile").GetString());
        Assert.Equal("change-policy", vms["ci-runner-07"].GetProperty("fix").GetProperty("action").GetString());
    }

    [Fact]
    public void Xcpng_text_output_names_the_blockers_the_plan_and_every_spelling()
    {
        using var xe = new ReplayedTool("CPUPOLICY_XE", "xapi");
        var result = xe.Run("evacuate", "--policy", Homelab, "--host", "hera", "--live", "xapi");
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("CANNOT be evacuated: 3 of 4 running VMs block (build-01, ci-runner-07, db-01)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("db-01: cold restart with profile `pool-baseline` (default)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("a reboot keeps the CPU it booted with", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("CPUID.(EAX=07H,ECX=0):EBX[5]", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Xcpng_older_host_can_be_evacuated_to_the_newer()
    {
        using var xe = new ReplayedTool("CPUPOLICY_XE", "xapi");
        var result = xe.Run("evacuate", "--policy", Homelab, "--host", "zeus", "--live", "xapi", "--json");
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        Assert.Equal(["dns-01", "mail"], result.Json.GetProperty("vms").EnumerateArray().Select(v => v.GetProperty("name").GetString()!).ToList());
    }

    [Fact]
    public void Migrate_live_reads_the_vm_and_its_host_from_xe()
    {
        using var xe = new ReplayedTool("CPUPOLICY_XE", "xapi");
        var blocked = xe.Run("migrate", "--policy", Homelab, "--live", "xapi", "--vm", "db-01", "--to", "zeus", "--json");
        Assert.True(blocked.ExitCode == 3, blocked.Stderr + blocked.Stdout);
        Assert.Equal("hera", blocked.Json.GetProperty("from").GetString());
        var fine = xe.Run("migrate", "--policy", Homelab, "--live", "xapi", "--vm", "web-01", "--to", "zeus");
        Assert.True(fine.ExitCode == 0, fine.Stderr + fine.Stdout);
        var unknown = xe.Run("migrate", "--policy", Homelab, "--live", "xapi", "--vm", "db-1", "--to", "zeus");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("CP0842", unknown.Stderr, StringComparison.Ordinal);
        Assert.Contains("did you mean", unknown.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failing_tool_is_a_coded_error_that_quotes_it()
    {
        using var xe = new ReplayedTool("CPUPOLICY_XE", "xapi");
        var result = xe.Run("evacuate", "--policy", Pair, "--host", "kvm-a", "--live", "xapi");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("CP0840", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("xe host-list name-label=kvm-a", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_platform_is_a_usage_error()
    {
        using var xe = new ReplayedTool("CPUPOLICY_XE", "xapi");
        var result = xe.Run("evacuate", "--policy", Homelab, "--host", "hera", "--live", "vmware");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("use xapi, libvirt, kubevirt", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Libvirt_pair_blocks_the_expanded_host_model_and_the_passthrough_domain_booted_on_the_richer_host()
    {
        using var virsh = new ReplayedTool("CPUPOLICY_VIRSH", "libvirt");
        var result = virsh.Run("evacuate", "--policy", Pair, "--host", "kvm-a", "--live", "libvirt", "--json");
        Assert.True(result.ExitCode == 3, result.Stderr + result.Stdout);
        var json = result.Json;
        Assert.Equal(["analytics", "legacy-erp"], Names(json.GetProperty("blocking")));
        var vms = json.GetProperty("vms").EnumerateArray().ToDictionary(v => v.GetProperty("name").GetString()!);
        Assert.Equal(["kvm-b"], Names(vms["app-01"].GetProperty("targets")));
        Assert.Equal("cold-restart", vms["analytics"].GetProperty("fix").GetProperty("action").GetString());
        Assert.Contains(vms["analytics"].GetProperty("blocked_by").GetProperty("kvm-b").EnumerateArray(), f => f.GetProperty("name").GetString() == "avx512f");
        // host-passthrough: the guest got its current host's CPU (kvm-a), which migrate reads as the boot host.
        Assert.NotEmpty(vms["legacy-erp"].GetProperty("blocked_by").GetProperty("kvm-b").EnumerateArray());
        Assert.Equal("pair-baseline", vms["legacy-erp"].GetProperty("fix").GetProperty("profile").GetString());
        Assert.Contains("-c qemu+ssh://kvm-a/system list --state-running --name", virsh.Calls);
    }

    [Fact]
    public void Kubevirt_cluster_blocks_the_vmis_without_a_fixed_model_and_the_pinned_ones()
    {
        using var kubectl = new ReplayedTool("CPUPOLICY_KUBECTL", "kubevirt");
        var result = kubectl.Run("evacuate", "--policy", Harvester, "--host", "icx-node-3", "--live", "kubevirt", "--json");
        Assert.True(result.ExitCode == 3, result.Stderr + result.Stdout);
        var json = result.Json;
        Assert.Equal(["analytics", "batch-01", "inference-bert", "legacy-db"], Names(json.GetProperty("blocking")));
        var vms = json.GetProperty("vms").EnumerateArray().ToDictionary(v => v.GetProperty("name").GetString()!);
        Assert.Equal(5, vms.Count);
        Assert.Equal(["cpx-node-2", "csl-node-1"], Names(vms["web-frontend"].GetProperty("targets")).Order(StringComparer.Ordinal).ToList());
        // Pinned by the policy to the only Ice Lake node: no restart helps.
        Assert.Equal("change-policy", vms["inference-bert"].GetProperty("fix").GetProperty("action").GetString());
        Assert.Equal("cold-restart", vms["batch-01"].GetProperty("fix").GetProperty("action").GetString());
        Assert.Contains(vms["batch-01"].GetProperty("blocked_by").GetProperty("csl-node-1").EnumerateArray(), f => f.GetProperty("name").GetString() == "vaes");
        Assert.NotNull(vms["analytics"].GetProperty("cpu_unknown").GetString());
        Assert.Equal("cold-restart", vms["legacy-db"].GetProperty("fix").GetProperty("action").GetString());
        Assert.Equal("cluster", vms["legacy-db"].GetProperty("fix").GetProperty("profile").GetString());
        Assert.Contains("virtctl restart", vms["legacy-db"].GetProperty("fix").GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    private static List<string> Names(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();
}
