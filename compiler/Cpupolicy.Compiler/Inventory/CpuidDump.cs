using System.Text;
using Cpupolicy.Core.Database;

namespace Cpupolicy.Compiler.Inventory;

/// <summary>
/// Raw CPUID leaves (and MSRs) of one logical CPU, as a dump, libvirt's CPUID data or a probe gives them, and their
/// decoding into vendor, signature and database features.
/// </summary>
public sealed class CpuidDump
{
    private const uint RangeMask = 0xffff_0000;

    private readonly Dictionary<(uint Leaf, uint Subleaf), CpuidLeaf> leaves;
    private readonly Dictionary<uint, MsrValue> msrs;
    private readonly HashSet<uint> leafNumbers;

    public CpuidDump(IEnumerable<CpuidLeaf> leaves, IEnumerable<MsrValue> msrs)
    {
        // Callers (the readers) have already rejected conflicting duplicates with a positioned diagnostic, so the
        // last value of an exact duplicate simply wins here.
        this.leaves = [];
        foreach (var l in leaves)
        {
            this.leaves[(l.Leaf, l.Subleaf)] = l;
        }

        this.msrs = [];
        foreach (var m in msrs)
        {
            this.msrs[m.Index] = m;
        }

        leafNumbers = this.leaves.Keys.Select(k => k.Leaf).ToHashSet();
        Leaves = this.leaves.Values.OrderBy(l => l.Leaf).ThenBy(l => l.Subleaf).ToList();
        Msrs = this.msrs.Values.OrderBy(m => m.Index).ToList();
    }

    /// <summary>Every leaf, sorted by leaf then subleaf.</summary>
    public IReadOnlyList<CpuidLeaf> Leaves { get; }

    /// <summary>Every MSR, sorted by index.</summary>
    public IReadOnlyList<MsrValue> Msrs { get; }

    public CpuidLeaf? Find(uint leaf, uint subleaf) => leaves.TryGetValue((leaf, subleaf), out var l) ? l : null;

    public MsrValue? FindMsr(uint index) => msrs.TryGetValue(index, out var m) ? m : null;

    /// <summary>The 12-character vendor string of leaf 0 (EBX, EDX, ECX), or null without leaf 0.</summary>
    public string? VendorString
    {
        get
        {
            if (Find(0, 0) is not { } l0)
            {
                return null;
            }

            var bytes = new byte[12];
            BitConverter.TryWriteBytes(bytes.AsSpan(0, 4), l0.Ebx);
            BitConverter.TryWriteBytes(bytes.AsSpan(4, 4), l0.Edx);
            BitConverter.TryWriteBytes(bytes.AsSpan(8, 4), l0.Ecx);
            return Encoding.ASCII.GetString(bytes);
        }
    }

    public CpuVendor Vendor => CpuVendors.Parse(VendorString);

    /// <summary>Family, model and stepping from leaf 1 EAX, or null without leaf 1.</summary>
    public (int Family, int Model, int Stepping)? Signature => Find(1, 0) is { } l1 ? DecodeSignature(l1.Eax) : null;

    /// <summary>
    /// Decodes a leaf-1 EAX signature the way Intel's and AMD's manuals define it: the extended family counts only when
    /// the base family is 0xF, the extended model only when the base family is 6 or 0xF. (libvirt always adds both;
    /// the two agree on every real CPU, because the extended fields are zero elsewhere.)
    /// </summary>
    public static (int Family, int Model, int Stepping) DecodeSignature(uint eax)
    {
        var baseFamily = (int)((eax >> 8) & 0xf);
        var extFamily = (int)((eax >> 20) & 0xff);
        var baseModel = (int)((eax >> 4) & 0xf);
        var extModel = (int)((eax >> 16) & 0xf);
        var family = baseFamily == 0xf ? baseFamily + extFamily : baseFamily;
        var model = baseFamily is 0x6 or 0xf ? (extModel << 4) | baseModel : baseModel;
        return (family, model, (int)(eax & 0xf));
    }

    /// <summary>
    /// Whether a leaf is inside the range its CPU reports: the range's base leaf (0, 0x40000000, 0x80000000, ...) is
    /// in the dump and its EAX (the highest leaf of that range) is at least <paramref name="leaf"/>. Leaves beyond the
    /// maximum return stale data on real CPUs, so their bits must not count.
    /// </summary>
    public bool IsInRange(uint leaf)
    {
        var rangeBase = leaf & RangeMask;
        if (Find(rangeBase, 0) is not { } head)
        {
            return false;
        }

        return leaf == rangeBase || ((head.Eax & RangeMask) == rangeBase && leaf <= head.Eax);
    }

    /// <summary>
    /// Every database feature whose bit is set in a leaf (or MSR) of the dump, and every feature the dump can tell
    /// about at all (its leaf was dumped and is in range, or its MSR was read): a feature outside the second set is
    /// unknown, not absent. A missing subleaf of a dumped leaf is beyond that leaf's last subleaf, so its bits are 0.
    /// </summary>
    public (FeatureSet Features, FeatureSet Knowable) Decode(FeatureDatabase db)
    {
        var present = new List<int>();
        var knowable = new List<int>();
        foreach (var f in db.Features)
        {
            var loc = f.Location;
            if (loc.Msr is { } index)
            {
                if (FindMsr(index) is { } msr)
                {
                    knowable.Add(f.Index);
                    if (((msr.Value >> loc.Bit) & 1) != 0)
                    {
                        present.Add(f.Index);
                    }
                }

                continue;
            }

            var leaf = loc.Leaf!.Value;
            if (!leafNumbers.Contains(leaf) || !IsInRange(leaf))
            {
                continue;
            }

            knowable.Add(f.Index);
            if (Find(leaf, loc.Subleaf ?? 0) is { } l && ((l[loc.Register!.Value] >> loc.Bit) & 1) != 0)
            {
                present.Add(f.Index);
            }
        }

        return (FeatureSet.Of(present), FeatureSet.Of(knowable));
    }
}
