namespace Cpupolicy.Core.Database.Arm64;

/// <summary>MIDR_EL1: implementer [31:24], variant [23:20], architecture [19:16], part [15:4], revision [3:0].</summary>
public readonly record struct Arm64Midr(int Implementer, int Variant, int Architecture, int Part, int Revision)
{
    public static Arm64Midr FromValue(ulong midr) => new(
        (int)((midr >> 24) & 0xFF),
        (int)((midr >> 20) & 0xF),
        (int)((midr >> 16) & 0xF),
        (int)((midr >> 4) & 0xFFF),
        (int)(midr & 0xF));

    public ulong Value =>
        ((uint)Implementer << 24) | ((uint)Variant << 20) | ((uint)Architecture << 16) | ((uint)Part << 4) | (uint)Revision;

    /// <summary><c>HiSilicon Kunpeng-920 (TSV110) r1p0</c>.</summary>
    public string Describe(Arm64Database db) =>
        $"{db.ImplementerName(Implementer)} {db.PartName(Implementer, Part) ?? $"part 0x{Part:x3}"} r{Variant}p{Revision}";
}
