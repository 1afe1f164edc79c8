using System.Text;
using Cpupolicy.Compiler;
using Cpupolicy.Compiler.Inventory;
using Cpupolicy.Compiler.Semantics.Binding;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Core.Ir;
using YamlDotNet.RepresentationModel;

namespace Cpupolicy.Tests.Backends;

/// <summary>
/// KubeVirt schedules a VM with <c>cpu.model: M</c> only on nodes labelled <c>cpu-model.node.kubevirt.io/M</c>, and
/// with a required feature only on nodes labelled for it. Every real CPU of libvirt's test data becomes a KubeVirt node
/// (its labels as the node labeller would set them); for every pair of same-vendor nodes, and 200 seeded random sets of
/// three and four, the compiled profile's model is usable on each node by libvirt's rule, read from the node's own CPUID
/// data, and each node has the label of every required feature.
/// </summary>
public class KubeVirtNodeTests
{
    private static readonly FeatureDatabase Db = FeatureDatabase.Default;

    [Fact]
    public void The_model_is_usable_on_every_node_for_every_same_vendor_pair_and_random_sets_of_real_cpus()
    {
        var hosts = TestProfiles.Hosts
            .Select(h => (h.Name, h.Host, Capability: HostSymbol.FromInventory(h.Name, SourceSpan.ForElement("<test>", h.Name), h.Host, "test", Db).Capability))
            .Where(h => h.Host.Vendor is CpuVendor.Intel or CpuVendor.Amd)
            .ToList();
        var sets = new List<int[]>();
        for (var i = 0; i < hosts.Count; i++)
        {
            for (var j = i + 1; j < hosts.Count; j++)
            {
                if (hosts[i].Host.Vendor == hosts[j].Host.Vendor)
                {
                    sets.Add([i, j]);
                }
            }
        }

        var random = new Random(14);
        var byVendor = hosts.Select((h, i) => (h.Host.Vendor, i)).GroupBy(x => x.Vendor).Select(g => g.Select(x => x.i).ToArray()).ToList();
        for (var n = 0; n < 200; n++)
        {
            var pool = byVendor[random.Next(byVendor.Count)];
            sets.Add(pool.OrderBy(_ => random.Next()).Take(3 + (n % 2)).Order().ToArray());
        }

        var dir = Directory.CreateTempSubdirectory("cpupolicy-kubevirt-nodes-").FullName;
        try
        {
            for (var i = 0; i < hosts.Count; i++)
            {
                File.WriteAllText(Path.Combine(dir, $"n{i}.yaml"), NodeYaml(hosts[i].Name, hosts[i].Host.Vendor, hosts[i].Capability, withModels: false));
                File.WriteAllText(Path.Combine(dir, $"m{i}.yaml"), NodeYaml(hosts[i].Name, hosts[i].Host.Vendor, hosts[i].Capability, withModels: true));
            }

            var problems = new List<string>();
            var refused = 0;
            var refusals = new List<string>();
            for (var s = 0; s < sets.Count; s++)
            {
                // Odd cases read the nodes' cpu-model labels too; even ones only their feature labels.
                var prefix = s % 2 == 0 ? "n" : "m";
                var set = sets[s];
                var policy = new StringBuilder();
                foreach (var i in set)
                {
                    policy.Append($"host h{i} from \"{prefix}{i}.yaml\"\n");
                }

                policy.Append($"pool all = {string.Join(", ", set.Select(i => $"h{i}"))}\nprofile p = baseline(all)\ntarget kubevirt\n");
                var path = Path.Combine(dir, $"case{s}.cpupolicy");
                File.WriteAllText(path, policy.ToString());
                var compilation = Compilation.CompileFile(path);
                var names = string.Join(" + ", set.Select(i => hosts[i].Name));
                if (compilation.HasErrors)
                {
                    var codes = compilation.Diagnostics.Where(d => d.IsError).Select(d => d.Code).ToList();
                    if (codes.All(c => c == "CP0510"))
                    {
                        refused++;
                        refusals.Add($"{names}: {string.Join("; ", compilation.Diagnostics.Where(d => d.IsError))}");
                        var profileIr = new ProfileIr
                        {
                            Name = "p",
                            Features = FeatureSet.Empty,
                            Vendor = hosts[set[0]].Host.Vendor,
                            Hosts = set.Select(i => hosts[i].Name).ToList(),
                            HostCpus = set.Select(i => new ProfileHost(hosts[i].Name, hosts[i].Capability)).ToList(),
                        };
                        var fits = KubeVirtScheduling.Catalog("9.0.0").Where(m => KubeVirtScheduling.VendorFits(m, profileIr) && KubeVirtScheduling.Missing(m, profileIr, true).Count == 0);
                        if (fits.Any())
                        {
                            problems.Add($"{names}: refused, yet {string.Join(", ", fits.Select(m => m.Name))} is usable on every node");
                        }
                    }
                    else
                    {
                        problems.Add($"{names}: {string.Join("; ", compilation.Diagnostics.Where(d => d.IsError))}");
                    }

                    continue;
                }

                var artifact = compilation.Profiles.Single().Artifacts.Single().Text;
                var model = KubeVirtScheduling.Model(artifact, "9.0.0");
                var required = Required(artifact);
                foreach (var i in set)
                {
                    var lacking = KubeVirtScheduling.Definition(model) - hosts[i].Capability;
                    if (!lacking.IsEmpty)
                    {
                        problems.Add($"{names}: {model.Name} lacks on {hosts[i].Name}: {string.Join(", ", Db.Expand(lacking).Select(f => f.Name))}");
                    }

                    var unlabelled = required.Where(r => Db.Find(r) is not { } f || !hosts[i].Capability.Contains(f)).ToList();
                    if (unlabelled.Count > 0)
                    {
                        problems.Add($"{names}: {hosts[i].Name} has no label for required {string.Join(", ", unlabelled)}");
                    }
                }
            }

            Assert.True(problems.Count == 0, $"{problems.Count} of {sets.Count} sets ({refused} refused):\n{string.Join("\n", problems.Take(40))}");
            // A refusal is right only where no model fits (checked above); in this data that is always because one node
            // alone can run no model KubeVirt labels (Atom, Core 2: only obsolete ones).
            var alone = Enumerable.Range(0, hosts.Count).Where(i =>
            {
                var single = new ProfileIr
                {
                    Name = "x",
                    Features = FeatureSet.Empty,
                    Vendor = hosts[i].Host.Vendor,
                    Hosts = [hosts[i].Name],
                    HostCpus = [new ProfileHost(hosts[i].Name, hosts[i].Capability)],
                };
                return !KubeVirtScheduling.Catalog("9.0.0").Any(m => KubeVirtScheduling.VendorFits(m, single) && KubeVirtScheduling.Missing(m, single, true).Count == 0);
            }).ToHashSet();
            Assert.True(
                refusals.All(r => alone.Any(i => r.StartsWith(hosts[i].Name + " ", StringComparison.Ordinal) || r.Contains("+ " + hosts[i].Name + " ", StringComparison.Ordinal) || r.Contains("+ " + hosts[i].Name + ":", StringComparison.Ordinal))),
                $"{refused} of {sets.Count} sets found no usable model, not all for a node that can run none alone ({string.Join(", ", alone.Select(i => hosts[i].Name))}):\n{string.Join("\n", refusals.Take(10))}");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_node_without_the_model_label_keeps_the_model_out()
    {
        var cascade = TestProfiles.Host("Xeon-Platinum-9242");
        var capability = HostSymbol.FromInventory("csl", SourceSpan.ForElement("<test>", "csl"), cascade.Host, "test", Db).Capability;
        var dir = Directory.CreateTempSubdirectory("cpupolicy-kubevirt-labels-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "a.yaml"), NodeYaml("a", CpuVendor.Intel, capability, withModels: true));
            var policy = Path.Combine(dir, "p.cpupolicy");
            File.WriteAllText(policy, "host a from \"a.yaml\"\nprofile p = baseline(a)\ntarget kubevirt\n");
            var chosen = KubeVirtScheduling.Model(Compilation.CompileFile(policy).Profiles.Single().Artifacts.Single().Text, "9.0.0").Name;

            // The same node, but the labeller did not label the model chosen above (say, an admin's obsoleteCPUModels).
            var yaml = NodeYaml("a", CpuVendor.Intel, capability, withModels: true).Replace($"    cpu-model.node.kubevirt.io/{chosen}: \"true\"\n", "", StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(dir, "a.yaml"), yaml);
            var compilation = Compilation.CompileFile(policy);
            Assert.False(compilation.HasErrors, string.Join("\n", compilation.Diagnostics));
            var artifact = compilation.Profiles.Single().Artifacts.Single().Text;
            Assert.NotEqual(chosen, KubeVirtScheduling.Model(artifact, "9.0.0").Name);
            Assert.Contains($"cpu-model.node.kubevirt.io/{KubeVirtScheduling.Model(artifact, "9.0.0").Name}: \"true\"", yaml, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>A node as KubeVirt's labeller labels it: vendor, every feature (libvirt names), and the usable models.</summary>
    private static string NodeYaml(string name, CpuVendor vendor, FeatureSet capability, bool withModels)
    {
        var text = new StringBuilder($"apiVersion: v1\nkind: Node\nmetadata:\n  name: {name}\n  labels:\n");
        text.Append($"    cpu-vendor.node.kubevirt.io/{(vendor == CpuVendor.Intel ? "Intel" : "AMD")}: \"true\"\n");
        foreach (var f in Db.Expand(capability).Where(f => f.Spellings.Libvirt is not null).Select(f => f.Spellings.Libvirt!).Order(StringComparer.Ordinal))
        {
            text.Append($"    cpu-feature.node.kubevirt.io/{f}: \"true\"\n");
        }

        if (withModels)
        {
            var node = new ProfileIr { Name = name, Features = FeatureSet.Empty, HostCpus = [new ProfileHost(name, capability)] };
            foreach (var m in KubeVirtScheduling.Catalog("9.0.0").Where(m => KubeVirtScheduling.Missing(m, node, true).Count == 0).Select(m => m.Name).Order(StringComparer.Ordinal))
            {
                text.Append($"    cpu-model.node.kubevirt.io/{m}: \"true\"\n");
            }
        }

        return text.ToString();
    }

    private static IReadOnlyList<string> Required(string artifact)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(artifact));
        var cpu = (YamlMappingNode)stream.Documents[0].RootNode;
        return ((YamlSequenceNode)cpu["features"]).Children.Cast<YamlMappingNode>()
            .Where(f => ((YamlScalarNode)f["policy"]).Value == "require")
            .Select(f => ((YamlScalarNode)f["name"]).Value!)
            .ToList();
    }
}
