namespace Cpupolicy.Core.Database;

/// <summary>
/// Where a feature bit lives: a CPUID leaf/subleaf/register/bit, or an MSR index and bit (0..63).
/// Printed in one notation everywhere: <c>CPUID.(EAX=07H,ECX=0):EBX[5]</c> or <c>MSR(10AH)[3]</c>.
/// </summary>
public sealed record FeatureLocation
{
    private FeatureLocation(uint? leaf, uint? subleaf, CpuidRegister? register, uint? msr, int bit)
    {
        Leaf = leaf;
        Subleaf = subleaf;
        Register = register;
        Msr = msr;
        Bit = bit;
    }

    /// <summary>CPUID input EAX, or null for an MSR feature.</summary>
    public uint? Leaf { get; }

    /// <summary>CPUID input ECX for leaves that have subleaves, else null.</summary>
    public uint? Subleaf { get; }

    public CpuidRegister? Register { get; }

    /// <summary>MSR index for an MSR feature, else null.</summary>
    public uint? Msr { get; }

    public int Bit { get; }

    public bool IsMsr => Msr.HasValue;

    public static FeatureLocation Cpuid(uint leaf, uint? subleaf, CpuidRegister register, int bit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bit);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bit, 31);
        return new FeatureLocation(leaf, subleaf, register, null, bit);
    }

    public static FeatureLocation ForMsr(uint index, int bit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bit);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bit, 63);
        return new FeatureLocation(null, null, null, index, bit);
    }

    public override string ToString()
    {
        if (Msr is { } msr)
        {
            return $"MSR({msr:X}H)[{Bit}]";
        }

        var reg = Register!.Value.ToString().ToUpperInvariant();
        return $"CPUID.(EAX={Leaf:X2}H,ECX={Subleaf ?? 0}):{reg}[{Bit}]";
    }
}
