using System.Text;
using Cpupolicy.Compiler.Backends;
using Cpupolicy.Compiler.Lowering;
using Cpupolicy.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Cpupolicy.Tests.Backends;

/// <summary>
/// <c>Backends/uncontrollable.yaml</c> is the one list of what each backend cannot control, with reasons. It is
/// generated from <see cref="IBackend.Uncontrollable"/>, so the list and the code that the laws are proven against
/// cannot drift apart.
/// </summary>
public class UncontrollableFileTests
{
    public const string RelativePath = "compiler/Cpupolicy.Compiler/Backends/uncontrollable.yaml";

    private const string Header = """
        # Features each backend cannot control, and why. For every other feature, a backend's artifact makes the guest
        # see exactly the profile (the equivalence law, proven by tests/Cpupolicy.Tests/Backends/BackendLawTests.cs).
        #
        # Generated from the backends' own classification (IBackend.Uncontrollable) by
        # tests/Cpupolicy.Tests/Backends/UncontrollableFileTests.cs: do not edit; run
        # `UPDATE_GOLDEN=1 dotnet test tests/Cpupolicy.Tests --filter FullyQualifiedName~UncontrollableFileTests`
        # after changing a backend or the database, and review the diff. The test fails when file and code disagree.
        #
        # Two limits are not per feature and so not listed below:
        # - xen: the cpuid= line also leaves alone the features of CPUID leaves that no host of the profile is known
        #   to have (leaf 7 subleaves 1 and 2, 0xD:1, 0x80000021, MSR_ARCH_CAPS ...), because libxc refuses to start a
        #   domain whose cpuid= names a leaf the host lacks ("Missing leaf"); XenBackend.Controllable narrows per profile.
        # - qemu, libvirt: features the accelerator cannot give (e.g. TCG lacks pcid) are a run-time matter, not a
        #   backend limit: `enforce` (QEMU) and check='full' (libvirt) make the start fail instead of dropping them.

        """;

    [Fact]
    public void The_file_lists_exactly_what_the_backends_say_they_cannot_control()
    {
        var text = new StringBuilder(Header.Replace("\r", string.Empty, StringComparison.Ordinal));
        foreach (var backend in TestTargets.Registry.All)
        {
            foreach (var options in TestTargets.Variants(backend.Name))
            {
                var resolved = BackendOptions.Resolve(backend, options);
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"- backend: {backend.Name}\n");
                var shown = string.Join(", ", resolved.Where(o => o.Key != "model").Select(o => $"{o.Key}: \"{o.Value}\""));
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"  options: {{{shown}}}\n");
                text.Append("  uncontrollable:\n");
                foreach (var group in backend.Uncontrollable(options))
                {
                    text.Append(System.Globalization.CultureInfo.InvariantCulture, $"  - reason: \"{group.Reason.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"\n");
                    text.Append("    features: ");
                    AppendFlowList(text, TestProfiles.Db.Expand(group.Features).Select(f => f.Name).Order(StringComparer.Ordinal));
                }
            }
        }

        Golden.Check(RelativePath, text.ToString());
    }

    [Fact]
    public void The_file_is_valid_yaml_with_a_reason_for_every_feature()
    {
        var path = Path.Combine(RepoData.RepoRoot, RelativePath);
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(path)));
        var entries = (YamlSequenceNode)stream.Documents.Single().RootNode;
        Assert.Equal(TestTargets.Registry.All.Sum(b => TestTargets.Variants(b.Name).Count), entries.Children.Count);
        foreach (var entry in entries.Children.Cast<YamlMappingNode>())
        {
            foreach (var group in ((YamlSequenceNode)entry["uncontrollable"]).Children.Cast<YamlMappingNode>())
            {
                Assert.False(string.IsNullOrWhiteSpace(((YamlScalarNode)group["reason"]).Value));
                Assert.All(((YamlSequenceNode)group["features"]).Children, f => Assert.NotNull(TestProfiles.Db.ByCanonicalName(((YamlScalarNode)f).Value!)));
            }
        }
    }

    [Fact]
    public void Controllable_and_uncontrollable_split_the_database()
    {
        var profile = new ProfileIr { Name = "all", Features = TestProfiles.Db.All, HostBaseline = TestProfiles.Db.All };
        foreach (var backend in TestTargets.Registry.All)
        {
            foreach (var options in TestTargets.Variants(backend.Name))
            {
                var groups = backend.Uncontrollable(options);
                var union = groups.Aggregate(Compiler.Database.FeatureSet.Empty, (acc, g) => acc | g.Features);
                Assert.Equal(groups.Sum(g => g.Features.Count), union.Count); // each feature has one reason
                Assert.Equal(TestProfiles.Db.All - union, backend.Controllable(profile, options));
            }
        }
    }

    private static void AppendFlowList(StringBuilder text, IEnumerable<string> names)
    {
        const int Width = 116;
        var column = "    features: [".Length;
        text.Append('[');
        var first = true;
        foreach (var name in names)
        {
            var item = first ? name : $", {name}";
            if (!first && column + item.Length > Width)
            {
                text.Append(",\n      ");
                column = 6;
                item = name;
            }

            text.Append(item);
            column += item.Length;
            first = false;
        }

        text.Append("]\n");
    }
}
