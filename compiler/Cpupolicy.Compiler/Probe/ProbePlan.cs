using Cpupolicy.Core.Database;

namespace Cpupolicy.Compiler.Probe;

/// <summary>
/// What the probe guest asks the CPU: the head leaf of every CPUID range the feature database uses (0, 0x40000000,
/// 0x80000000, ...), every leaf/subleaf that holds a database feature (each only when its range's head says the leaf
/// exists), and the MSRs whose presence a CPUID bit announces.
/// <para>
/// The VMX capability MSRs (0x480..0x491) are not read: which of them exist depends on a chain of other VMX MSRs, and
/// the database numbers their control bits as QEMU's and libvirt's feature words do (allowed-1 settings from bit 0),
/// not as the raw register holds them (bits 32..63), so a raw value would decode into the wrong features.
/// </para>
/// </summary>
public sealed class ProbePlan
{
    private const uint RangeMask = 0xffff_0000;

    // The MSRs read, each with the feature (a CPUID bit) whose presence says the MSR exists (Intel SDM vol. 4).
    private static readonly (uint Index, string Guard)[] GuardedMsrs =
    [
        (0x10a, "arch-capabilities"), // IA32_ARCH_CAPABILITIES: CPUID.(EAX=07H,ECX=0):EDX[29]
        (0xcf, "core-capability"),    // IA32_CORE_CAPABILITIES: CPUID.(EAX=07H,ECX=0):EDX[30]
    ];

    private ProbePlan(IReadOnlyList<uint> ranges, IReadOnlyList<(uint Leaf, uint Subleaf)> leaves, IReadOnlyList<ProbeMsr> msrs, FeatureSet knowable)
    {
        Ranges = ranges;
        Leaves = leaves;
        Msrs = msrs;
        Knowable = knowable;
    }

    /// <summary>The head leaves of the CPUID ranges, ascending; each is always queried, its EAX bounds its range.</summary>
    public IReadOnlyList<uint> Ranges { get; }

    /// <summary>The other leaves (with subleaf; 0 for leaves without one), sorted; queried only when in range.</summary>
    public IReadOnlyList<(uint Leaf, uint Subleaf)> Leaves { get; }

    /// <summary>The MSRs read, in index order, each behind its guard bit.</summary>
    public IReadOnlyList<ProbeMsr> Msrs { get; }

    /// <summary>
    /// Every feature whose presence the probe's output decides: all CPUID features (a leaf beyond its range's maximum
    /// does not exist, so its bits are known to be clear) and the bits of the MSRs read (an MSR whose guard bit is
    /// clear does not exist, so its bits are clear too).
    /// </summary>
    public FeatureSet Knowable { get; }

    public static ProbePlan For(FeatureDatabase db)
    {
        var cpuid = db.Features.Where(f => !f.Location.IsMsr).ToList();
        var leaves = cpuid
            .Select(f => (Leaf: f.Location.Leaf!.Value, Subleaf: f.Location.Subleaf ?? 0))
            .Distinct()
            .OrderBy(l => l.Leaf).ThenBy(l => l.Subleaf)
            .ToList();
        var ranges = leaves.Select(l => l.Leaf & RangeMask).Prepend(0u).Distinct().Order().ToList();
        leaves.RemoveAll(l => ranges.Contains(l.Leaf) && l.Subleaf == 0);

        var msrs = GuardedMsrs
            .Where(m => db.Features.Any(f => f.Location.Msr == m.Index))
            .Select(m => new ProbeMsr(m.Index, db.ByCanonicalName(m.Guard)
                ?? throw new InvalidOperationException($"the feature database has no `{m.Guard}`, which guards MSR 0x{m.Index:x}")))
            .OrderBy(m => m.Index)
            .ToList();
        var read = msrs.Select(m => m.Index).ToHashSet();
        var knowable = FeatureSet.Of(cpuid.Concat(db.Features.Where(f => f.Location.Msr is { } i && read.Contains(i))));
        return new ProbePlan(ranges, leaves, msrs, knowable);
    }

    /// <summary>The head leaf of the range a leaf belongs to.</summary>
    public static uint RangeOf(uint leaf) => leaf & RangeMask;
}
