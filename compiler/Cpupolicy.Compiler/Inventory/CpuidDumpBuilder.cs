using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Inventory;

/// <summary>
/// Collects leaves and MSRs while a reader walks its input, rejecting a leaf or MSR given twice with different values
/// (a dump of two CPUs pasted together, a hand edit gone wrong) at the place of the second one.
/// </summary>
internal sealed class CpuidDumpBuilder(string path)
{
    private readonly Dictionary<(uint, uint), CpuidLeaf> leaves = [];
    private readonly Dictionary<uint, MsrValue> msrs = [];

    public void Add(CpuidLeaf leaf, Func<string, DiagnosticException> conflictAt)
    {
        if (leaves.TryGetValue((leaf.Leaf, leaf.Subleaf), out var earlier) && earlier != leaf)
        {
            throw conflictAt($"leaf 0x{leaf.Leaf:x8} subleaf 0x{leaf.Subleaf:x} is given twice with different values");
        }

        leaves[(leaf.Leaf, leaf.Subleaf)] = leaf;
    }

    public void Add(MsrValue msr, Func<string, DiagnosticException> conflictAt)
    {
        if (msrs.TryGetValue(msr.Index, out var earlier) && earlier != msr)
        {
            throw conflictAt($"MSR 0x{msr.Index:x} is given twice with different values");
        }

        msrs[msr.Index] = msr;
    }

    /// <summary>The dump; leaf 0 is required, because it names the vendor and bounds every other basic leaf.</summary>
    public CpuidDump Build(string what)
    {
        if (!leaves.ContainsKey((0, 0)))
        {
            throw InventoryErrors.File(
                DiagnosticCatalog.CpuidDumpIncomplete,
                path,
                $"the {what} has no CPUID leaf 0 (vendor and highest basic leaf)",
                leaves.Count == 0 ? "the file holds no CPUID leaves at all; was it cut off?" : "was the beginning of the file cut off?");
        }

        return new CpuidDump(leaves.Values, msrs.Values);
    }
}
