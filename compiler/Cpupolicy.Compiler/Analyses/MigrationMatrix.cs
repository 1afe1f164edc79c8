using System.Numerics;
using Cpupolicy.Core.Database;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// Every VM against every host at fleet scale (10,000 VMs × 1,000 hosts in well under a second): the same rule as
/// <see cref="MigrationCheck"/> (same vendor, VM features ⊆ host capability) on packed bit rows instead of one
/// <see cref="FeatureSet"/> operation per pair. VMs with the same vendor and features share one row (a fleet has
/// far fewer distinct CPUs than VMs), and each row's verdicts are kept as one bit per host.
/// </summary>
public sealed class MigrationMatrix
{
    private readonly int[] rowOfVm;
    private readonly ulong[] verdicts;
    private readonly int hostWords;

    private MigrationMatrix(int vms, int hosts, int[] rowOfVm, ulong[] verdicts, int distinctRows)
    {
        VmCount = vms;
        HostCount = hosts;
        this.rowOfVm = rowOfVm;
        this.verdicts = verdicts;
        hostWords = (hosts + 63) / 64;
        DistinctVmCpus = distinctRows;
    }

    public int VmCount { get; }

    public int HostCount { get; }

    /// <summary>How many different (vendor, features) VM CPUs there were.</summary>
    public int DistinctVmCpus { get; }

    /// <summary>Checks every VM against every host. An Unknown vendor on either side matches any vendor.</summary>
    public static MigrationMatrix Compute(
        IReadOnlyList<(FeatureSet Features, CpuVendor Vendor)> vms, IReadOnlyList<(FeatureSet Capability, CpuVendor Vendor)> hosts, int featureCount)
    {
        var words = (featureCount + 63) / 64;
        var hostBits = new ulong[hosts.Count * words];
        for (var h = 0; h < hosts.Count; h++)
        {
            Pack(hosts[h].Capability, hostBits.AsSpan(h * words, words));
        }

        var rows = new Dictionary<(CpuVendor, FeatureSet), int>();
        var rowOfVm = new int[vms.Count];
        var rowBits = new List<ulong[]>();
        var rowVendors = new List<CpuVendor>();
        for (var v = 0; v < vms.Count; v++)
        {
            var key = (vms[v].Vendor, vms[v].Features);
            if (!rows.TryGetValue(key, out var row))
            {
                row = rows.Count;
                rows[key] = row;
                var packed = new ulong[words];
                Pack(vms[v].Features, packed);
                rowBits.Add(packed);
                rowVendors.Add(vms[v].Vendor);
            }

            rowOfVm[v] = row;
        }

        var hostWordsCount = (hosts.Count + 63) / 64;
        var verdicts = new ulong[rows.Count * hostWordsCount];
        for (var r = 0; r < rows.Count; r++)
        {
            var vm = rowBits[r];
            var vendor = rowVendors[r];
            var output = verdicts.AsSpan(r * hostWordsCount, hostWordsCount);
            for (var h = 0; h < hosts.Count; h++)
            {
                var hostVendor = hosts[h].Vendor;
                if (vendor != CpuVendor.Unknown && hostVendor != CpuVendor.Unknown && vendor != hostVendor)
                {
                    continue;
                }

                if (IsSubset(vm, hostBits.AsSpan(h * words, words)))
                {
                    output[h / 64] |= 1UL << (h % 64);
                }
            }
        }

        return new MigrationMatrix(vms.Count, hosts.Count, rowOfVm, verdicts, rows.Count);
    }

    public bool IsCompatible(int vm, int host) =>
        (verdicts[(rowOfVm[vm] * hostWords) + (host / 64)] & (1UL << (host % 64))) != 0;

    /// <summary>The number of compatible (VM, host) pairs.</summary>
    public long CompatiblePairs()
    {
        var perRow = new long[verdicts.Length / Math.Max(1, hostWords)];
        for (var r = 0; r < perRow.Length; r++)
        {
            perRow[r] = verdicts.AsSpan(r * hostWords, hostWords).ToArray().Sum(w => (long)BitOperations.PopCount(w));
        }

        return rowOfVm.Sum(r => perRow[r]);
    }

    /// <summary>The hosts a VM can move to.</summary>
    public IEnumerable<int> HostsFor(int vm)
    {
        for (var h = 0; h < HostCount; h++)
        {
            if (IsCompatible(vm, h))
            {
                yield return h;
            }
        }
    }

    private static void Pack(FeatureSet set, Span<ulong> into)
    {
        foreach (var i in set)
        {
            into[i / 64] |= 1UL << (i % 64);
        }
    }

    private static bool IsSubset(ReadOnlySpan<ulong> vm, ReadOnlySpan<ulong> host)
    {
        for (var w = 0; w < vm.Length; w++)
        {
            if ((vm[w] & ~host[w]) != 0)
            {
                return false;
            }
        }

        return true;
    }
}
