namespace Cpupolicy.Compiler.Audit;

/// <summary>
/// One program header of an ELF file as the file states it. Segments matter only in a file without section headers
/// (stripped with <c>sstrip</c>, or hand-made): then executable <c>PT_LOAD</c> segments stand in for code sections
/// and <c>PT_NOTE</c> segments for note sections, checked into <see cref="ElfImage.CodeRegions"/> and
/// <see cref="ElfImage.NoteRegions"/>. <c>PT_INTERP</c> tells a PIE executable from a shared library.
/// </summary>
public sealed record ElfSegment(int Index, uint Type, uint Flags, ulong VirtualAddress, ulong Offset, ulong FileSize, ulong Alignment)
{
    public const uint TypeLoad = 1;
    public const uint TypeInterp = 3;
    public const uint TypeNote = 4;
    public const uint FlagExecute = 0x1;

    public bool IsExecutableLoad => Type == TypeLoad && (Flags & FlagExecute) != 0 && FileSize > 0;

    public bool IsNote => Type == TypeNote;
}
