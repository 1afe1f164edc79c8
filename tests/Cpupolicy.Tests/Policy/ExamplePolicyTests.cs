using System.Text.RegularExpressions;
using Cpupolicy.Policy.Formatting;
using Cpupolicy.Policy.Parsing;
using Cpupolicy.Policy.Syntax;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Policy;

/// <summary>
/// The example policies of <c>policy/examples/</c>: they parse without a diagnostic, are already in canonical form
/// (<c>cpupolicy fmt --check</c> would pass), and every host file they read is present beside them.
/// </summary>
public class ExamplePolicyTests
{
    private static readonly string ExamplesDirectory = Path.Combine(RepoData.RepoRoot, "policy", "examples");

    private static readonly string[] ExampleNames =
        ["xcpng-homelab.cpupolicy", "harvester-cascadelake.cpupolicy", "epyc-generations.cpupolicy", "no-tsx.cpupolicy", "proxmox-homelab.cpupolicy", "openstack-cells.cpupolicy", "kunpeng-generations.cpupolicy"];

    public static TheoryData<string> Examples { get; } = new(ExampleNames);

    [Fact]
    public void The_examples_folder_holds_exactly_the_documented_examples() =>
        Assert.Equal(
            ExampleNames.Order(StringComparer.Ordinal),
            Directory.GetFiles(ExamplesDirectory, "*.cpupolicy").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Examples))]
    public void An_example_parses_cleanly_and_is_canonical(string name)
    {
        var text = File.ReadAllText(Path.Combine(ExamplesDirectory, name));
        var parsed = PolicyParser.Parse(text, name);
        Assert.Empty(parsed.Diagnostics);

        var formatted = PolicyFormatter.Format(text, name);
        Assert.False(formatted.Changed, $"{name} is not in canonical form; run `cpupolicy fmt policy/examples/{name}`");
        Assert.Equal(text, formatted.Text);
        Assert.Equal(SpanEraser.Erase(parsed.Tree!), SpanEraser.Erase(PolicyParser.Parse(formatted.Text!, name).Tree!));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_host_file_an_example_reads_is_a_host_file_beside_it(string name)
    {
        var tree = PolicyParser.Parse(File.ReadAllText(Path.Combine(ExamplesDirectory, name)), name).Tree!;
        var paths = tree.Statements.OfType<HostFromStatementSyntax>().Select(h => h.Path.Value).ToList();
        Assert.NotEmpty(paths);
        foreach (var path in paths)
        {
            var full = Path.Combine(ExamplesDirectory, path);
            Assert.True(File.Exists(full), $"{name} reads {path}, which is missing");
            if (path.StartsWith("hosts/aarch64-", StringComparison.Ordinal))
            {
                // aarch64 hosts are /proc/cpuinfo texts (measured or modelled, hosts/README.md says which).
                Assert.Matches(new Regex("^hosts/aarch64-[A-Za-z0-9.-]+\\.cpuinfo$"), path);
                Assert.Contains("CPU implementer", File.ReadAllText(full), StringComparison.Ordinal);
                continue;
            }

            Assert.Matches(new Regex("^hosts/x86_64-cpuid-[A-Za-z0-9-]+\\.xml$"), path);
            Assert.Contains("<cpudata arch='x86'>", File.ReadAllText(full), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_host_files_are_unchanged_copies_of_libvirts_cpu_test_data_with_their_licence_notice()
    {
        var hosts = Path.Combine(ExamplesDirectory, "hosts");
        var readme = File.ReadAllText(Path.Combine(hosts, "README.md"));
        Assert.Contains("LGPL-2.1-or-later", readme, StringComparison.Ordinal);
        Assert.Contains("libvirt", readme, StringComparison.Ordinal);

        var libvirtData = RepoData.LibvirtTestData;
        foreach (var file in Directory.GetFiles(hosts, "*.xml"))
        {
            var fileName = Path.GetFileName(file);
            Assert.Contains($"`{fileName}`", readme, StringComparison.Ordinal);
            Assert.Equal(File.ReadAllBytes(Path.Combine(libvirtData, fileName)), File.ReadAllBytes(file));
        }
    }

    [Fact]
    public void The_examples_use_the_constructs_the_brief_asks_for()
    {
        string Read(string name) => File.ReadAllText(Path.Combine(ExamplesDirectory, name));
        Assert.Contains("target xen", Read("xcpng-homelab.cpupolicy"), StringComparison.Ordinal);
        Assert.Contains("target xapi", Read("xcpng-homelab.cpupolicy"), StringComparison.Ordinal);
        Assert.Contains("require avx2, bmi2, fma", Read("xcpng-homelab.cpupolicy"), StringComparison.Ordinal);
        Assert.Contains("target kubevirt", Read("harvester-cascadelake.cpupolicy"), StringComparison.Ordinal);
        Assert.Contains(" is ", Read("harvester-cascadelake.cpupolicy"), StringComparison.Ordinal);
        Assert.Contains("vendor amd", Read("epyc-generations.cpupolicy"), StringComparison.Ordinal);

        var noTsx = PolicyParser.Parse(Read("no-tsx.cpupolicy"), "no-tsx.cpupolicy").Tree!;
        var profiles = noTsx.Statements.OfType<ProfileStatementSyntax>().ToList();
        Assert.NotEmpty(profiles);
        Assert.All(profiles, p => Assert.Contains(
            p.Constraints!.Entries.OfType<ForbidConstraintSyntax>(),
            f => f.Features.Select(n => n.Text).ToHashSet().IsSupersetOf(["hle", "rtm"])));
    }
}
