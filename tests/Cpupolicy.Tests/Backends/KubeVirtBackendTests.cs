using Cpupolicy.Core.Database;
using Cpupolicy.Core.Ir;
using YamlDotNet.RepresentationModel;

namespace Cpupolicy.Tests.Backends;

public class KubeVirtBackendTests
{
    private static readonly FeatureDatabase Db = TestProfiles.Db;

    private static ProfileIr Profile(params string[] names) => new()
    {
        Name = "p",
        Features = Db.CloseUnderRequires(Db.SetOf(names)),
        Vendor = CpuVendor.Intel,
    };

    [Fact]
    public void Emits_spec_domain_cpu_and_the_node_labels_it_needs()
    {
        var text = TestTargets.Backend("kubevirt").Emit(Profile("avx2", "aes"), TargetOptions.Defaults("kubevirt"));
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        Assert.Equal(3, stream.Documents.Count);
        var cpu = (YamlMappingNode)stream.Documents[0].RootNode;
        var model = ((YamlScalarNode)cpu["model"]).Value!;
        var features = ((YamlSequenceNode)cpu["features"]).Children.Cast<YamlMappingNode>().ToList();
        Assert.All(features, f => Assert.Contains(((YamlScalarNode)f["policy"]).Value, new[] { "require", "disable" }));
        var labels = (YamlMappingNode)((YamlMappingNode)stream.Documents[1].RootNode)["nodeLabels"];
        var keys = labels.Children.Keys.Cast<YamlScalarNode>().Select(k => k.Value!).ToList();
        Assert.Contains($"cpu-model.node.kubevirt.io/{model}", keys);
        foreach (var required in features.Where(f => ((YamlScalarNode)f["policy"]).Value == "require"))
        {
            Assert.Contains($"cpu-feature.node.kubevirt.io/{((YamlScalarNode)required["name"]).Value}", keys);
        }

        var cluster = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)stream.Documents[2].RootNode)["spec"])["configuration"];
        Assert.Equal(model, ((YamlScalarNode)cluster["cpuModel"]).Value);
        Assert.Contains("It cannot carry features", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Decodes_the_cpu_inside_a_virtual_machine_manifest()
    {
        var kubevirt = TestTargets.Backend("kubevirt");
        var vm = """
            apiVersion: kubevirt.io/v1
            kind: VirtualMachine
            spec:
              template:
                spec:
                  domain:
                    cpu:
                      model: Haswell-noTSX
                      features:
                      - name: avx2
                        policy: disable
            """;
        var decoded = kubevirt.Decode(vm, TargetOptions.Defaults("kubevirt"));
        Assert.DoesNotContain(Db.Get("avx2").Index, decoded);
        Assert.Contains(Db.Get("avx").Index, decoded);
    }

    [Fact]
    public void A_named_model_loses_mpx_unless_the_features_name_it_as_kubevirt_does()
    {
        var kubevirt = TestTargets.Backend("kubevirt");
        var mpx = Db.Get("mpx").Index;
        Assert.DoesNotContain(mpx, kubevirt.Decode("model: Skylake-Client", TargetOptions.Defaults("kubevirt")));
        Assert.Contains(mpx, kubevirt.Decode("model: Skylake-Client\nfeatures:\n- name: mpx\n", TargetOptions.Defaults("kubevirt")));
    }

    [Theory]
    [InlineData("model: host-model", "CP0505", "host-model")]
    [InlineData("model: Haswel", "CP0503", "Haswel")]
    [InlineData("model: Haswell\nfeatures:\n- name: avx9\n", "CP0502", "avx9")]
    [InlineData("model: Haswell\nfeatures: avx2\n", "CP0501", "list")]
    [InlineData("model: [Haswell\n", "CP0501", "YAML")]
    [InlineData("kind: Node\n", "CP0501", "no CPU")]
    public void Rejects_bad_yaml(string artifact, string code, string named) =>
        DecoderAssert.Rejects(TestTargets.Backend("kubevirt"), artifact, code, named);

    [Fact]
    public void Deep_nesting_is_refused_before_the_tree_is_built()
    {
        var deep = new string('[', 100_000) + new string(']', 100_000);
        DecoderAssert.Rejects(TestTargets.Backend("kubevirt"), deep, "CP0501", "deeper");
    }
}
