using Cpupolicy.Tests.Cli;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Live;

/// <summary>The rough edges new users hit, each with the message it now gets (issue 15).</summary>
public sealed class RoughEdgeTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("cpupolicy-rough-").FullName;

    private static string Hosts => Path.Combine(RepoData.RepoRoot, "policy", "examples", "hosts");

    private static string Homelab => Path.Combine(RepoData.RepoRoot, "policy", "examples", "xcpng-homelab.cpupolicy");

    [Fact]
    public void A_directory_given_as_a_file_is_called_a_directory()
    {
        var result = CliRunner.Run("check", Hosts);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("CP0844", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("is a directory", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("does not exist", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Baseline_reads_every_file_of_a_directory()
    {
        File.Copy(Path.Combine(Hosts, "x86_64-cpuid-Core-i7-3770.xml"), Path.Combine(dir, "zeus.xml"));
        File.Copy(Path.Combine(Hosts, "x86_64-cpuid-Xeon-E5-2630-v3.xml"), Path.Combine(dir, "hera.xml"));
        File.WriteAllText(Path.Combine(dir, ".hidden"), "not an inventory");
        var result = CliRunner.Run("baseline", dir, "--json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("hera", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("zeus", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Host_reads_several_files_and_a_directory_one_report_per_host()
    {
        File.Copy(Path.Combine(Hosts, "x86_64-cpuid-Core-i7-3770.xml"), Path.Combine(dir, "zeus.xml"));
        File.Copy(Path.Combine(Hosts, "x86_64-cpuid-Xeon-E5-2630-v3.xml"), Path.Combine(dir, "hera.xml"));
        File.WriteAllText(Path.Combine(dir, ".hidden"), "not an inventory");

        var json = CliRunner.Run("host", dir, "--json");
        Assert.True(json.ExitCode == 0, json.Stderr);
        var reports = json.Json.EnumerateArray().ToList();
        Assert.Equal(["hera", "zeus"], reports.Select(r => r.GetProperty("host").GetString()));
        Assert.Equal("IvyBridge-v1", reports[1].GetProperty("model_name").GetString());
        Assert.Equal(Path.Combine(dir, "zeus.xml"), reports[1].GetProperty("source").GetString());

        var text = CliRunner.Run("host", Path.Combine(dir, "zeus.xml"), Path.Combine(Hosts, "x86_64-cpuid-Xeon-Gold-6130.xml"));
        Assert.True(text.ExitCode == 0, text.Stderr);
        Assert.StartsWith("host:      zeus\nsource:    ", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("\n\nhost:      x86_64-cpuid-Xeon-Gold-6130\nsource:    ", text.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, text.Stdout.Split("model:     ").Length - 1);

        // One file is still one report, and --json one object.
        var one = CliRunner.Run("host", Path.Combine(dir, "zeus.xml"), "--json");
        Assert.Equal(System.Text.Json.JsonValueKind.Object, one.Json.ValueKind);
        Assert.StartsWith("source:    ", CliRunner.Run("host", Path.Combine(dir, "zeus.xml")).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Kubectl_get_nodes_is_one_host_per_node()
    {
        var list = """
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: Node
              metadata:
                name: node-a
                labels:
                  cpu-vendor.node.kubevirt.io/Intel: "true"
                  cpu-feature.node.kubevirt.io/avx2: "true"
                  cpu-feature.node.kubevirt.io/sse4.2: "true"
            - apiVersion: v1
              kind: Node
              metadata:
                name: node-b
                labels:
                  cpu-vendor.node.kubevirt.io/Intel: "true"
                  cpu-feature.node.kubevirt.io/sse4.2: "true"
            """;
        var path = Path.Combine(dir, "nodes.yaml");
        File.WriteAllText(path, list);
        var hosts = Compiler.Analyses.FleetHost.Read([path], null, Core.Database.FeatureDatabase.Default, Core.Database.ModelDatabase.Default);
        Assert.Equal(["node-a", "node-b"], hosts.Select(h => h.Name).ToList());
        var avx2 = Core.Database.FeatureDatabase.Default.Get("avx2");
        Assert.True(hosts[0].Inventory.Features.Contains(avx2));
        Assert.False(hosts[1].Inventory.Features.Contains(avx2));
    }

    [Fact]
    public void A_bundle_given_as_an_inventory_is_called_a_bundle()
    {
        var bundle = Path.Combine(dir, "bundle.json");
        File.WriteAllText(bundle, "{\n  \"format\": \"cpupolicy-bundle\",\n  \"version\": 1,\n  \"profiles\": []\n}\n");
        var result = CliRunner.Run("host", bundle);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("CP0421", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("bundle.json", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Kubernetes", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_policy_given_as_an_inventory_is_called_a_policy()
    {
        var result = CliRunner.Run("host", Homelab);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("CP0421", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--policy", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Dom0_proc_cpuinfo_is_flagged_as_a_guest_view()
    {
        var path = Path.Combine(dir, "dom0-cpuinfo.txt");
        File.WriteAllText(path, "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 63\nstepping\t: 2\nflags\t\t: fpu de tsc msr pae cx8 apic sep cmov pat clflush mmx fxsr sse sse2 ht syscall nx lm pni ssse3 cx16 sse4_1 sse4_2 popcnt aes xsave avx hypervisor\npower management:\n\n");
        var result = CliRunner.Run("host", path);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("warning CP0420", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("xe host-cpu-info", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_trailing_comma_in_a_set_is_named_not_an_unrelated_hint()
    {
        var result = CliRunner.RunWithStdin("host h is Haswell-v4\nprofile p = h - {hle,}\n", "check", "-");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("hint: `{hle,}` ends in a `,`: a list takes no trailing comma; write `{hle}`", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("profile NAME = EXPRESSION", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_minus_glued_to_a_set_explains_the_spacing_rule()
    {
        var result = CliRunner.RunWithStdin("host h is Haswell-v4\nprofile p = h -{hle}\n", "check", "-");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("the `-` before `{hle}` needs a space on each side", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("write `A - {hle}`", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mistyped_command_gets_did_you_mean()
    {
        var result = CliRunner.Run("baselin", "x.xml");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown command `baselin`; did you mean `baseline`?", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bare_host_name_without_a_policy_is_told_to_add_one()
    {
        var to = CliRunner.Run("migrate", "--vm", "Haswell-v4,-avx2", "--to", "zeus");
        Assert.Equal(1, to.ExitCode);
        Assert.Contains("add `--policy FILE`", to.Stderr, StringComparison.Ordinal);
        var vm = CliRunner.Run("migrate", "--vm", "haswellbooted", "--to", Path.Combine(Hosts, "x86_64-cpuid-Core-i7-3770.xml"));
        Assert.Equal(1, vm.ExitCode);
        Assert.Contains("add `--policy FILE`", vm.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("check", "/no/such/policy.cpupolicy", "--json")]
    [InlineData("host", "/no/such/host.xml", "--json")]
    [InlineData("baselin", "--json")]
    [InlineData("migrate", "--json", "--vm", "x")]
    public void Json_failures_print_a_json_error_document(params string[] args)
    {
        var result = CliRunner.Run(args);
        Assert.NotEqual(0, result.ExitCode);
        var json = result.Json;
        Assert.False(json.GetProperty("ok").GetBoolean());
        Assert.Equal(result.ExitCode, json.GetProperty("exit_code").GetInt32());
        Assert.True(json.GetProperty("error").ValueKind == System.Text.Json.JsonValueKind.Object);
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);
}
