using System.Text.Json;
using Cpupolicy.Compiler;
using Cpupolicy.Compiler.Analyses;
using Cpupolicy.Tests.Cli;
using Cpupolicy.Tests.Infrastructure;
using FsCheck;
using FsCheck.Xunit;

namespace Cpupolicy.Tests.Analyses;

/// <summary>
/// Issue 14: <c>migrate</c> reads a KubeVirt VMI or virt-launcher pod and checks its node selectors and required node
/// affinity against node inventories (a <c>kubectl get nodes</c> list, node files, a directory), naming per node the
/// label it lacks; a node list is one host per node in a policy and wherever several hosts are taken, and refused,
/// naming its nodes, where one host is needed. Before, a VMI was read as a KubeVirt cpu artifact and a node list as
/// its first node (<c>migrate --to</c>) or refused (<c>host NAME from</c>).
/// </summary>
public sealed class KubevirtMigrateTests : IDisposable
{
    /// <summary>A Cascade Lake node (no Cooper Lake label: it lacks avx512-bf16) and a Cooper Lake node, as the labeller sets them.</summary>
    public const string Nodes = """
        apiVersion: v1
        kind: List
        items:
        - apiVersion: v1
          kind: Node
          metadata:
            name: csl-1
            labels:
              kubernetes.io/hostname: csl-1
              kubevirt.io/schedulable: "true"
              cpu-vendor.node.kubevirt.io/Intel: "true"
              cpu-feature.node.kubevirt.io/avx512f: "true"
              cpu-feature.node.kubevirt.io/avx512vnni: "true"
              cpu-model.node.kubevirt.io/Cascadelake-Server: "true"
              cpu-model.node.kubevirt.io/Skylake-Server: "true"
              cpu-model-migration.node.kubevirt.io/Cascadelake-Server: "true"
              host-model-cpu.node.kubevirt.io/Cascadelake-Server: "true"
              host-model-required-features.node.kubevirt.io/avx512vnni: "true"
        - apiVersion: v1
          kind: Node
          metadata:
            name: cpx-1
            labels:
              kubernetes.io/hostname: cpx-1
              kubevirt.io/schedulable: "true"
              cpu-vendor.node.kubevirt.io/Intel: "true"
              cpu-feature.node.kubevirt.io/avx512f: "true"
              cpu-feature.node.kubevirt.io/avx512vnni: "true"
              cpu-feature.node.kubevirt.io/avx512-bf16: "true"
              cpu-model.node.kubevirt.io/Cascadelake-Server: "true"
              cpu-model.node.kubevirt.io/Cooperlake: "true"
              cpu-model.node.kubevirt.io/Skylake-Server: "true"
              cpu-model-migration.node.kubevirt.io/Cascadelake-Server: "true"
              cpu-model-migration.node.kubevirt.io/Cooperlake: "true"
              host-model-cpu.node.kubevirt.io/Cooperlake: "true"
              host-model-required-features.node.kubevirt.io/avx512-bf16: "true"
        """;

    /// <summary>The VMI KubeVirt makes of a VM with the harvester example's old artifact: Cooperlake, avx512-bf16 disabled, one feature required.</summary>
    public const string CooperlakeVmi = """
        apiVersion: kubevirt.io/v1
        kind: VirtualMachineInstance
        metadata:
          name: web01
          namespace: default
        spec:
          domain:
            cpu:
              model: Cooperlake
              features:
              - name: avx512-bf16
                policy: disable
              - name: avx512vnni
                policy: require
          nodeSelector:
            kubevirt.io/schedulable: "true"
        status:
          nodeName: cpx-1
        """;

    private readonly string dir = Directory.CreateTempSubdirectory("cpupolicy-kubevirt-migrate-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void A_vmi_names_per_node_the_model_label_that_node_lacks()
    {
        var result = CliRunner.Run("migrate", "--vm", Write("vmi.yaml", CooperlakeVmi), "--to", Write("nodes.yaml", Nodes), "--json");
        Assert.True(result.ExitCode == 3, result.Stderr + result.Stdout);
        var json = result.Json;
        Assert.False(json.GetProperty("compatible").GetBoolean());
        Assert.Equal("Cooperlake", json.GetProperty("vm").GetProperty("cpu_model").GetString());
        var nodes = json.GetProperty("nodes").EnumerateArray().ToList();
        Assert.Equal(["csl-1", "cpx-1"], nodes.Select(n => n.GetProperty("name").GetString()));
        var lacks = Assert.Single(nodes[0].GetProperty("lacks").EnumerateArray());
        Assert.Equal("cpu-model.node.kubevirt.io/Cooperlake", lacks.GetProperty("label").GetString());
        Assert.Equal("cpu.model", lacks.GetProperty("from").GetString());
        Assert.Equal(JsonValueKind.Null, lacks.GetProperty("has").ValueKind);
        Assert.True(nodes[1].GetProperty("fits").GetBoolean());
        Assert.True(nodes[1].GetProperty("current").GetBoolean());

        // The disabled feature needs no label; the required one does.
        var required = json.GetProperty("vm").GetProperty("required").EnumerateArray().Select(r => r.GetProperty("label").GetString()).ToList();
        Assert.Contains("cpu-feature.node.kubevirt.io/avx512vnni", required);
        Assert.DoesNotContain("cpu-feature.node.kubevirt.io/avx512-bf16", required);

        var text = CliRunner.Run("migrate", "--vm", Path.Combine(dir, "vmi.yaml"), "--to", Path.Combine(dir, "nodes.yaml"));
        Assert.Equal(3, text.ExitCode);
        Assert.Contains("cpu-model.node.kubevirt.io/Cooperlake: wants \"true\", has no such label  (cpu.model)", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("INCOMPATIBLE: 1 of 2 node(s)", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_vmi_every_node_can_take_exits_0_and_reads_from_stdin()
    {
        var vmi = CooperlakeVmi.Replace("model: Cooperlake", "model: Cascadelake-Server", StringComparison.Ordinal);
        var result = CliRunner.RunWithStdin(vmi, "migrate", "--vm", "-", "--to", Write("nodes.yaml", Nodes));
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        Assert.Contains("every node can take it", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_virt_launcher_pod_is_checked_by_its_node_selector_and_the_closest_affinity_term()
    {
        var pod = """
            {
              "apiVersion": "v1",
              "kind": "Pod",
              "metadata": {"name": "virt-launcher-web01-x7k2p", "ownerReferences": [{"kind": "VirtualMachineInstance", "name": "web01"}]},
              "spec": {
                "nodeName": "cpx-1",
                "nodeSelector": {"kubevirt.io/schedulable": "true", "cpu-model.node.kubevirt.io/Cascadelake-Server": "true", "cpu-feature.node.kubevirt.io/avx512vnni": "true"},
                "affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
                  {"matchExpressions": [{"key": "kubernetes.io/hostname", "operator": "In", "values": ["cpx-1", "cpx-2"]}, {"key": "cpu-feature.node.kubevirt.io/avx512-bf16", "operator": "Exists"}]},
                  {"matchFields": [{"key": "metadata.name", "operator": "In", "values": ["icx-1"]}], "matchExpressions": [{"key": "cpu-feature.node.kubevirt.io/amx-tile", "operator": "Exists"}]}
                ]}}}
              }
            }
            """;
        var result = CliRunner.Run("migrate", "--vm", Write("pod.json", pod), "--to", Write("nodes.yaml", Nodes), "--json");
        Assert.True(result.ExitCode == 3, result.Stderr + result.Stdout);
        var nodes = result.Json.GetProperty("nodes").EnumerateArray().ToList();
        Assert.Equal("Pod", result.Json.GetProperty("vm").GetProperty("kind").GetString());
        Assert.Equal(1, nodes[0].GetProperty("affinity_term").GetInt32());
        Assert.Equal(
            ["kubernetes.io/hostname", "cpu-feature.node.kubevirt.io/avx512-bf16"],
            nodes[0].GetProperty("lacks").EnumerateArray().Select(l => l.GetProperty("label").GetString()));
        Assert.Equal("csl-1", nodes[0].GetProperty("lacks")[0].GetProperty("has").GetString());
        Assert.True(nodes[1].GetProperty("fits").GetBoolean());
    }

    [Fact]
    public void A_host_model_vmi_needs_the_source_nodes_migration_model_label_on_a_target()
    {
        var vmi = CooperlakeVmi.Replace("model: Cooperlake", "model: host-model", StringComparison.Ordinal);
        var nodes = Write("nodes.yaml", Nodes);
        var result = CliRunner.Run("migrate", "--vm", Write("vmi.yaml", vmi), "--to", nodes, "--json");
        Assert.True(result.ExitCode == 3, result.Stderr + result.Stdout);
        var csl = result.Json.GetProperty("nodes")[0];
        Assert.Equal(
            ["cpu-model-migration.node.kubevirt.io/Cooperlake", "cpu-feature.node.kubevirt.io/avx512-bf16"],
            csl.GetProperty("lacks").EnumerateArray().Select(l => l.GetProperty("label").GetString()));
        Assert.All(csl.GetProperty("lacks").EnumerateArray(), l => Assert.Equal("host-model", l.GetProperty("from").GetString()));

        // The source node not among those given: the host-model labels cannot be known, and the warning says so.
        var elsewhere = CliRunner.Run("migrate", "--vm", Write("vmi2.yaml", vmi.Replace("nodeName: cpx-1", "nodeName: spr-9", StringComparison.Ordinal)), "--to", nodes);
        Assert.Equal(0, elsewhere.ExitCode);
        Assert.Contains("warning CP0848", elsewhere.Stderr, StringComparison.Ordinal);
        Assert.Contains("`spr-9`", elsewhere.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_vmi_to_a_cpuid_host_is_judged_by_features_and_a_pod_is_refused_naming_the_file()
    {
        var host = Path.Combine(RepoData.RepoRoot, "policy", "examples", "hosts", "x86_64-cpuid-Xeon-Gold-6148.xml");
        var byFeatures = CliRunner.Run("migrate", "--vm", Write("vmi.yaml", CooperlakeVmi), "--to", host, "--json");
        Assert.True(byFeatures.ExitCode is 0 or 3, byFeatures.Stderr);
        Assert.Equal("kubevirt", byFeatures.Json.GetProperty("vm").GetProperty("kind").GetString());

        var pod = "kind: Pod\nmetadata: {name: virt-launcher-web01-x7k2p}\nspec:\n  nodeSelector: {cpu-model.node.kubevirt.io/Cooperlake: \"true\"}\n";
        var result = CliRunner.Run("migrate", "--vm", Write("pod.yaml", pod), "--to", host);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("CP0847", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("x86_64-cpuid-Xeon-Gold-6148.xml", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_node_list_where_one_host_is_needed_is_refused_naming_the_file_and_its_nodes()
    {
        // Before, `migrate --to nodes.yaml` silently answered for the first node.
        var host = Path.Combine(RepoData.RepoRoot, "policy", "examples", "hosts", "x86_64-cpuid-Xeon-Gold-6148.xml");
        var result = CliRunner.Run("migrate", "--vm", host, "--to", Write("nodes.yaml", Nodes));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("CP0417", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("nodes.yaml", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("`csl-1`, `cpx-1`", result.Stderr, StringComparison.Ordinal);

        // As the VM's CPU too: the reader names the list's nodes.
        var asVm = CliRunner.Run("migrate", "--vm", Path.Combine(dir, "nodes.yaml"), "--to", host);
        Assert.Equal(1, asVm.ExitCode);
        Assert.Contains("CP0417", asVm.Stderr, StringComparison.Ordinal);
        Assert.Contains("`csl-1`, `cpx-1`", asVm.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_policy_host_from_a_node_list_is_one_host_per_node_and_a_pool_of_them()
    {
        Write("nodes.yaml", Nodes);
        var policy = Write("cluster.cpupolicy", "host cluster from \"nodes.yaml\"\nprofile all = baseline(cluster)\nprofile newest = cpx-1\n");
        // The bind stage alone: these nodes' few labels leave no KubeVirt model to emit, which is not the point here.
        var bound = new Cpupolicy.Compiler.Semantics.Binding.PolicyBinder(Core.Database.FeatureDatabase.Default, Core.Database.ModelDatabase.Default, Cpupolicy.Compiler.Backends.BackendRegistry.Default.All)
            .Bind(Cpupolicy.Policy.Parsing.PolicyParser.Parse(File.ReadAllText(policy), policy).Tree!, policy);
        Assert.DoesNotContain(bound.Diagnostics, d => d.IsError);
        var compilation = new { Bound = bound };
        Assert.Equal(["cpx-1", "csl-1"], compilation.Bound!.Hosts.Select(h => h.Name).Order(StringComparer.Ordinal));
        var pool = Assert.Single(compilation.Bound.Pools);
        Assert.Equal("cluster", pool.Name);
        Assert.Equal(["csl-1", "cpx-1"], pool.Hosts.Select(h => h.Name));
        Assert.All(pool.Hosts, h => Assert.Contains("nodes.yaml", h.Origin, StringComparison.Ordinal));
    }

    [Fact]
    public void A_node_list_node_that_clashes_with_a_declared_name_is_a_duplicate()
    {
        Write("nodes.yaml", Nodes);
        var policy = Write("cluster.cpupolicy", "host csl-1 is Cascadelake-Server\nhost cluster from \"nodes.yaml\"\nprofile all = cluster\n");
        var compilation = Compilation.CompileFile(policy);
        Assert.Contains(compilation.Diagnostics, d => d.Code == "CP0202" && d.Message.Contains("csl-1", StringComparison.Ordinal));
    }

    /// <summary>For all labels and values: NotIn is the negation of In, DoesNotExist of Exists, and a selector entry is In with one value.</summary>
    [Property(MaxTest = 300)]
    public bool Node_affinity_operators_agree_with_each_other(NonEmptyString key, string? value, string[] values, bool present)
    {
        values = values.Where(v => v is not null).ToArray();
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (present)
        {
            labels[key.Get] = value ?? string.Empty;
        }

        bool M(string op, IReadOnlyList<string> vs) => new NodeLabelRequirement(key.Get, op, vs, "affinity").Matches("n", labels);
        var one = value ?? string.Empty;
        return M("In", values) == !M("NotIn", values)
            && M("Exists", []) == !M("DoesNotExist", [])
            && M("Exists", []) == present
            && M("=", [one]) == M("In", [one])
            && (!present || M("In", [one]));
    }
}
