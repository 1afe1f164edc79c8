using Cpupolicy.Core.Database;

namespace Cpupolicy.Generator;

/// <summary>
/// Where a feature bit lives, as the sources give it: CPUID leaf/subleaf/register/bit or MSR/bit (0..63).
/// Sources disagree on whether a leaf "has" a subleaf (Linux writes 7 for 7:0), so identity (<see cref="Key"/>)
/// treats a missing subleaf as 0; <see cref="DatabaseGenerator"/> decides per leaf whether to print it.
/// </summary>
public readonly record struct Coordinate(uint? Leaf, uint? Subleaf, CpuidRegister? Register, uint? Msr, int Bit)
    : IComparable<Coordinate>
{
    public bool IsMsr => Msr.HasValue;

    /// <summary>The identity of the bit: (is-MSR, leaf or MSR index, subleaf or 0, register, bit).</summary>
    public (bool, uint, uint, int, int) Key =>
        IsMsr ? (true, Msr!.Value, 0u, 0, Bit) : (false, Leaf!.Value, Subleaf ?? 0, (int)Register!.Value, Bit);

    public static Coordinate Cpuid(uint leaf, uint? subleaf, CpuidRegister register, int bit) => new(leaf, subleaf, register, null, bit);

    public static Coordinate ForMsr(uint msr, int bit) => new(null, null, null, msr, bit);

    /// <summary>CPUID features first (by leaf, subleaf, register, bit), then MSR features (by index, bit).</summary>
    public int CompareTo(Coordinate other) => Key.CompareTo(other.Key);

    public override string ToString() => IsMsr
        ? $"MSR 0x{Msr:x}[{Bit}]"
        : $"CPUID 0x{Leaf:x}{(Subleaf is { } s ? $":{s}" : string.Empty)}.{Register.ToString()!.ToLowerInvariant()}[{Bit}]";

    public static bool operator <(Coordinate left, Coordinate right) => left.CompareTo(right) < 0;

    public static bool operator <=(Coordinate left, Coordinate right) => left.CompareTo(right) <= 0;

    public static bool operator >(Coordinate left, Coordinate right) => left.CompareTo(right) > 0;

    public static bool operator >=(Coordinate left, Coordinate right) => left.CompareTo(right) >= 0;
}
