using Cpupolicy.Compiler.Analyses;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Analyses;

/// <summary>
/// A large fleet is read on every core (<see cref="FleetHost.Read"/>); the outcome must be that of reading in order:
/// the same hosts in the same order with the same names, and the first broken file in order is the one reported.
/// </summary>
public sealed class FleetHostReadTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("cpupolicy-fleet-read-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private List<string> WriteFleet(int count, params int[] broken)
    {
        var hosts = Directory.GetFiles(Path.Combine(RepoData.RepoRoot, "policy", "examples", "hosts"), "x86_64-cpuid-*.xml").Order(StringComparer.Ordinal).ToList();
        var files = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var path = Path.Combine(folder, $"h{i:D3}.xml");
            File.WriteAllText(path, broken.Contains(i) ? "<cpu><model>" : File.ReadAllText(hosts[i % hosts.Count]));
            files.Add(path);
        }

        return files;
    }

    [Fact]
    public void A_large_fleet_gives_the_hosts_of_an_in_order_read_in_order()
    {
        var files = WriteFleet(100);
        var together = FleetHost.Read(files, null, FeatureDatabase.Default, ModelDatabase.Default);
        var oneByOne = files.SelectMany(f => FleetHost.Read([f], null, FeatureDatabase.Default, ModelDatabase.Default)).ToList();
        Assert.Equal(oneByOne.Select(h => (h.Name, h.Inventory.Features)), together.Select(h => (h.Name, h.Inventory.Features)));
    }

    [Fact]
    public void The_first_broken_file_in_order_is_the_one_reported()
    {
        var files = WriteFleet(100, 37, 81);
        var e = Assert.Throws<DiagnosticException>(() => FleetHost.Read(files, null, FeatureDatabase.Default, ModelDatabase.Default));
        Assert.Contains("h037.xml", e.Diagnostic.Span.File, StringComparison.Ordinal);
    }
}
