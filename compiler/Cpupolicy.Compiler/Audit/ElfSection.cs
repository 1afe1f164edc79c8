namespace Cpupolicy.Compiler.Audit;

/// <summary>
/// One section header of an ELF file as the file states it. The reader checks the ranges it reads (code, notes, the
/// name table) and holds them in <see cref="ElfImage.CodeRegions"/> and <see cref="ElfImage.NoteRegions"/>.
/// </summary>
public sealed record ElfSection(
    int Index,
    string Name,
    uint Type,
    ulong Flags,
    ulong Address,
    ulong Offset,
    ulong Size,
    ulong Alignment)
{
    public const uint TypeNote = 7;
    public const uint TypeNoBits = 8;
    public const ulong FlagExecInstr = 0x4;

    /// <summary>Whether the section holds machine code (SHF_EXECINSTR) with bytes in the file.</summary>
    public bool IsExecutable => (Flags & FlagExecInstr) != 0 && Type != TypeNoBits && Size > 0;

    public bool IsNote => Type == TypeNote;
}
