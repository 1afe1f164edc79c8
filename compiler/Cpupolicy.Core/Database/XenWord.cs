namespace Cpupolicy.Core.Database;

/// <summary>
/// One 32-bit word of Xen's featureset: the CPUID leaf/subleaf/register it mirrors, or half of an MSR.
/// <see cref="Abbr"/> is Xen's own label (<c>FEATURESET_7b0</c>, the rows of <c>xen-cpuid</c>).
/// </summary>
public sealed record XenWord(int Index, string Abbr, uint? Leaf, uint? Subleaf, CpuidRegister? Register, uint? Msr, bool MsrHigh)
{
    public bool IsMsr => Msr.HasValue;

    /// <summary>The xend-form prefix of the leaf: <c>0x7,0</c>, <c>0x80000001</c>.</summary>
    public string XendLeaf => Subleaf is { } s ? $"0x{Leaf:x},{s}" : $"0x{Leaf:x}";
}
