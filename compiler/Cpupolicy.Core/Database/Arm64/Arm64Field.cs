namespace Cpupolicy.Core.Database.Arm64;

/// <summary>
/// One ordered field of an aarch64 ID register (a Linux <c>UnsignedEnum</c>/<c>SignedEnum</c>): a higher level implies
/// the lower ones. Signed fields (ID_AA64PFR0_EL1.FP, .AdvSIMD) read 0xF as -1, "not implemented".
/// </summary>
public sealed record Arm64Field(string Register, string Name, int Msb, int Lsb, bool Signed, IReadOnlyList<Arm64Level> Levels)
{
    /// <summary><c>REGISTER.FIELD</c>, e.g. <c>ID_AA64ISAR0_EL1.DP</c>.</summary>
    public string Key => $"{Register}.{Name}";

    public int Width => Msb - Lsb + 1;

    /// <summary>The level a CPU without the feature has: 0, or -1 (raw 0xF) for a signed field.</summary>
    public int Absent => Signed ? -1 : 0;

    /// <summary>The field's raw bits in a register value.</summary>
    public int Raw(ulong register) => (int)((register >> Lsb) & ((1UL << Width) - 1));

    /// <summary>The field's level in a register value, sign-extended for signed fields: levels compare as ints.</summary>
    public int Level(ulong register) => Rank(Raw(register));

    /// <summary>A raw field value as a comparable level.</summary>
    public int Rank(int raw) => Signed && (raw & (1 << (Width - 1))) != 0 ? raw - (1 << Width) : raw;

    /// <summary>The raw bits of a level (inverse of <see cref="Rank"/>).</summary>
    public ulong RawOf(int level) => (ulong)level & ((1UL << Width) - 1);

    /// <summary>Replaces the field's bits in a register value.</summary>
    public ulong With(ulong register, int level)
    {
        var mask = ((1UL << Width) - 1) << Lsb;
        return (register & ~mask) | (RawOf(level) << Lsb);
    }

    /// <summary>Linux's name of a level (<c>IMP</c>, <c>FP16</c>, <c>NI</c>), or its hex value.</summary>
    public string LevelName(int level) =>
        Levels.FirstOrDefault(l => Rank(l.Value) == level)?.Name ?? $"0x{RawOf(level):x}";

    public override string ToString() => Key;
}

/// <summary>A named value of a field (<c>0b0001 IMP</c>); <see cref="Value"/> is raw.</summary>
public sealed record Arm64Level(int Value, string Name);
