using Cpupolicy.Core.Backends.Nova;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Backends;

/// <summary>
/// <c>data/nova-26/cpu-traits.tsv</c> is what its script makes of the installed Debian python3-os-traits and
/// python3-nova (regenerated here, compared byte for byte), and it is the table the build embeds.
/// </summary>
public class NovaTraitTableTests
{
    [SkippableFact]
    public void The_trait_table_is_what_the_script_makes_of_the_installed_packages()
    {
        const string python = "/usr/bin/python3";
        Peers.RequireExecutable(python);
        var script = RepoData.Require("nova-26/extract-cpu-traits.py");
        var (exitCode, stdout, stderr) = ChildProcess.Peer(python, [script], deadline: TimeSpan.FromMinutes(2));
        Peers.RequireOrSkip(!stderr.Contains("ModuleNotFoundError", StringComparison.Ordinal), "Debian's python3-nova or python3-os-traits is missing");
        Assert.True(exitCode == 0, stderr);
        Assert.Equal(File.ReadAllText(RepoData.Require("nova-26/cpu-traits.tsv")), stdout);
    }

    [Fact]
    public void The_embedded_table_is_the_data_file()
    {
        var rows = File.ReadAllLines(RepoData.Require("nova-26/cpu-traits.tsv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith("trait\t", StringComparison.Ordinal))
            .Select(l => l.Split('\t'))
            .ToDictionary(c => c[0], c => c[1] == "-" ? null : c[1]);
        Assert.Equal(rows.OrderBy(r => r.Key, StringComparer.Ordinal), NovaTraits.All.OrderBy(r => r.Key, StringComparer.Ordinal));
        Assert.Equal(["HW_CPU_X86_INTEL_VMX", "HW_CPU_X86_VMX"], NovaTraits.For("vmx"));
        Assert.Null(NovaTraits.MatchedFeature("HW_CPU_X86_VMX"));
        Assert.Equal("pclmuldq", NovaTraits.MatchedFeature("HW_CPU_X86_CLMUL"));
    }
}
