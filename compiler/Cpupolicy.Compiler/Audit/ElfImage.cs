namespace Cpupolicy.Compiler.Audit;

/// <summary>
/// An x86 ELF file as <see cref="ElfReader"/> checked it: class, machine, type, the section and program headers, and
/// the code and note regions to read, each inside the file and never overlapping another of its kind (so decoding
/// reads each byte of the file at most once, whatever the headers claim).
/// </summary>
public sealed class ElfImage
{
    internal ElfImage(
        byte[] data,
        bool is64,
        ElfMachine machine,
        ElfFileType fileType,
        int sectionCount,
        IReadOnlyList<ElfSection> sections,
        IReadOnlyList<ElfSegment> segments,
        IReadOnlyList<ElfRegion> codeRegions,
        IReadOnlyList<ElfRegion> noteRegions,
        IReadOnlyList<string> warnings)
    {
        Data = data;
        Is64 = is64;
        Machine = machine;
        FileType = fileType;
        SectionCount = sectionCount;
        Sections = sections;
        Segments = segments;
        CodeRegions = codeRegions;
        NoteRegions = noteRegions;
        Warnings = warnings;
    }

    /// <summary>The whole file.</summary>
    public byte[] Data { get; }

    /// <summary>ELFCLASS64 (true) or ELFCLASS32.</summary>
    public bool Is64 { get; }

    public ElfMachine Machine { get; }

    public ElfFileType FileType { get; }

    /// <summary>How many section headers the file has (0 when it has none).</summary>
    public int SectionCount { get; }

    /// <summary>The code and note sections, the only ones audit reads (other headers are counted, not kept).</summary>
    public IReadOnlyList<ElfSection> Sections { get; }

    /// <summary>The executable PT_LOAD and the PT_NOTE segments.</summary>
    public IReadOnlyList<ElfSegment> Segments { get; }

    /// <summary>The executable sections (SHF_EXECINSTR), or the executable PT_LOAD segments of a file without sections.</summary>
    public IReadOnlyList<ElfRegion> CodeRegions { get; }

    /// <summary>The SHT_NOTE sections, or the PT_NOTE segments of a file without sections.</summary>
    public IReadOnlyList<ElfRegion> NoteRegions { get; }

    /// <summary>Oddities that did not stop the reading (an overlapping section skipped, for example).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>
    /// The decoder's mode: EM_X86_64 code is 64-bit even in an ELFCLASS32 file (the x32 ABI); EM_386 code is 32-bit.
    /// </summary>
    public int Bitness => Machine == ElfMachine.X64 ? 64 : 32;

    /// <summary>Human name of the machine, as the CLI prints it.</summary>
    public string MachineName => Machine == ElfMachine.X64 ? (Is64 ? "x86-64" : "x32") : "i386";

    /// <summary>Human name of the file type, as the CLI prints it.</summary>
    public string FileTypeName => FileType switch
    {
        ElfFileType.Relocatable => "relocatable object",
        ElfFileType.Executable => "executable",
        ElfFileType.PieExecutable => "PIE executable",
        _ => "shared library",
    };
}
