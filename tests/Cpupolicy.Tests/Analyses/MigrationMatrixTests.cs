using Cpupolicy.Compiler.Analyses;
using Cpupolicy.Compiler.Database;
using Cpupolicy.Compiler.Inventory;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Analyses;

/// <summary>
/// The packed fleet-scale matrix (what bench/fleet times) gives <see cref="MigrationCheck"/>'s verdict for every pair:
/// here every real CPU's default view, and variants with features masked off, against every real CPU.
/// </summary>
public class MigrationMatrixTests
{
    [Fact]
    public void The_matrix_agrees_with_the_per_pair_check_on_the_real_cpus()
    {
        var raw = RepoData.LibvirtTestData;
        var db = FeatureDatabase.Default;
        var hosts = Directory.GetFiles(raw, "x86_64-cpuid-*.sig").Order(StringComparer.Ordinal)
            .Select(sig => FleetHost.From(Path.GetFileNameWithoutExtension(sig), InventoryReader.Read(sig[..^".sig".Length] + ".xml"), db))
            .ToList();
        var random = new Random(7);
        var vms = hosts.Select(h => (Features: h.Symbol.DefaultView, h.Vendor))
            .Concat(hosts.Select(h => (Features: h.Symbol.DefaultView - FeatureSet.Of(h.Symbol.DefaultView.Where(_ => random.Next(8) == 0)), h.Vendor)))
            .Append((Features: db.SetOf("sse2"), Vendor: CpuVendor.Unknown))
            .ToList();
        vms.Insert(0, vms[0]);
        var matrix = MigrationMatrix.Compute(vms, hosts.Select(h => (h.Symbol.Capability, h.Vendor)).ToList(), db.Features.Count);

        Assert.Equal(vms.Count, matrix.VmCount);
        long compatible = 0;
        for (var v = 0; v < vms.Count; v++)
        {
            var vm = new VmCpu { Kind = VmCpuKind.Profile, Source = $"vm{v}", Features = vms[v].Features, Controlled = db.All, Vendor = vms[v].Vendor };
            for (var h = 0; h < hosts.Count; h++)
            {
                var expected = MigrationCheck.Check(vm, null, hosts[h].Symbol).Compatible;
                Assert.True(expected == matrix.IsCompatible(v, h), $"vm {v} on {hosts[h].Name}: check says {expected}");
                compatible += expected ? 1 : 0;
            }
        }

        Assert.Equal(compatible, matrix.CompatiblePairs());
        Assert.Equal(hosts.Count, matrix.HostsFor(vms.Count - 1).Count());
        Assert.True(matrix.DistinctVmCpus < vms.Count, "identical VM CPUs share a row");
    }
}
