using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Audit;

/// <summary>
/// Reads the headers of a little-endian x86 ELF file (32- or 64-bit; object file, executable or shared library).
/// Every value taken from the file is checked before it is used as an offset, a size or a count, so a truncated or
/// hostile file gives a diagnostic naming what is wrong, never an exception, and the work done is bounded by the
/// file's size: tables must fit in the file, names are capped, and overlapping code or note ranges are read once.
/// </summary>
public static class ElfReader
{
    /// <summary>Longest section name kept; a longer one is cut (names index a string table many sections may share).</summary>
    public const int MaxNameLength = 256;

    /// <summary>
    /// Most code and note sections (or segments) read from one file. Other headers are only counted, so memory stays
    /// small whatever a file claims; a real object file has at most some hundred thousand sections.
    /// </summary>
    public const int MaxKeptHeaders = 1 << 20;

    private const ushort TypeRelocatable = 1;
    private const ushort TypeExecutable = 2;
    private const ushort TypeShared = 3;
    private const ushort TypeCore = 4;
    private const ushort SectionIndexExtended = 0xffff;
    private const ushort ProgramCountExtended = 0xffff;

    private const string NotElfHint = "`audit` reads ELF binaries: executables, shared libraries (.so) and object files (.o)";

    /// <summary>Whether bytes start with the ELF magic (<c>\x7fELF</c>); used to pick binaries out of a directory.</summary>
    public static bool HasElfMagic(ReadOnlySpan<byte> head) =>
        head.Length >= 4 && head[0] == 0x7f && head[1] == (byte)'E' && head[2] == (byte)'L' && head[3] == (byte)'F';

    /// <summary>Reads a whole file's bytes; on failure <paramref name="error"/> says why, naming <paramref name="path"/>.</summary>
    public static bool TryRead(byte[] data, string path, [NotNullWhen(true)] out ElfImage? image, [NotNullWhen(false)] out Diagnostic? error)
    {
        try
        {
            image = Read(data);
            error = null;
            return true;
        }
        catch (ElfFormatException e)
        {
            image = null;
            var hint = e.Descriptor == DiagnosticCatalog.AuditNotElf ? NotElfHint
                : e.Descriptor == DiagnosticCatalog.AuditUnsupportedElf ? "only x86 code (x86-64, x32, i386) has CPUID features to audit"
                : null;
            error = e.Descriptor.Create(SourceSpan.WholeFile(path), e.Message, hint);
            return false;
        }
    }

    internal static ElfImage Read(byte[] data)
    {
        if (!HasElfMagic(data))
        {
            throw new ElfFormatException(DiagnosticCatalog.AuditNotElf, "the file does not start with the ELF magic bytes (\\x7fELF)");
        }

        if (data.Length < 16)
        {
            throw Malformed($"the file is {data.Length} bytes, shorter than the 16-byte ELF identification: truncated?");
        }

        var is64 = data[4] switch
        {
            1 => false,
            2 => true,
            _ => throw Malformed($"unknown ELF class {data[4]} (1 is 32-bit, 2 is 64-bit)"),
        };
        switch (data[5])
        {
            case 1:
                break;
            case 2:
                throw new ElfFormatException(DiagnosticCatalog.AuditUnsupportedElf, "a big-endian ELF file: no x86 code is big-endian");
            default:
                throw Malformed($"unknown ELF data encoding {data[5]} (1 is little-endian)");
        }

        var f = new Fields(data, is64);
        var headerSize = is64 ? 64 : 52;
        f.Need(0, (ulong)headerSize, "the ELF header");
        var machine = ReadMachine(f.U16(18));
        var type = f.U16(16);
        var header = is64
            ? new Header(f.U64(32), f.U64(40), f.U16(54), f.U16(56), f.U16(58), f.U16(60), f.U16(62))
            : new Header(f.U32(28), f.U32(32), f.U16(42), f.U16(44), f.U16(46), f.U16(48), f.U16(50));
        header = ResolveExtendedNumbering(f, header);

        var sections = ReadSections(f, header);
        var segments = ReadSegments(f, header, out var hasInterpreter);
        var fileType = type switch
        {
            TypeRelocatable => ElfFileType.Relocatable,
            TypeExecutable => ElfFileType.Executable,
            TypeShared => hasInterpreter ? ElfFileType.PieExecutable : ElfFileType.SharedLibrary,
            TypeCore => throw new ElfFormatException(DiagnosticCatalog.AuditUnsupportedElf, "a core dump, not a program: audit the executable instead"),
            _ => throw new ElfFormatException(DiagnosticCatalog.AuditUnsupportedElf, $"ELF file type {type} is not an object file, executable or shared library"),
        };

        var warnings = new List<string>();
        var code = new List<ElfRegion>();
        var notes = new List<ElfRegion>();
        if (header.SectionOffset != 0 && header.SectionCount > 0)
        {
            foreach (var s in sections.Where(s => s.IsExecutable))
            {
                code.Add(f.Region($"section `{s.Name}`", s.Name, s.Address, s.Offset, s.Size, s.Alignment));
            }

            foreach (var s in sections.Where(s => s.IsNote && s.Size > 0))
            {
                notes.Add(f.Region($"note section `{s.Name}`", s.Name, s.Address, s.Offset, s.Size, s.Alignment));
            }
        }
        else
        {
            // No section headers: the loader's view is all there is.
            foreach (var s in segments.Where(s => s.IsExecutableLoad))
            {
                code.Add(f.Region($"executable segment {s.Index}", $"segment {s.Index}", s.VirtualAddress, s.Offset, s.FileSize, s.Alignment));
            }

            foreach (var s in segments.Where(s => s.IsNote && s.FileSize > 0))
            {
                notes.Add(f.Region($"note segment {s.Index}", $"segment {s.Index}", s.VirtualAddress, s.Offset, s.FileSize, s.Alignment));
            }
        }

        return new ElfImage(
            data,
            is64,
            machine,
            fileType,
            (int)(header.SectionOffset == 0 ? 0 : header.SectionCount),
            sections,
            segments,
            Disjoint(code, "code", warnings),
            Disjoint(notes, "note", warnings),
            warnings);
    }

    private static ElfMachine ReadMachine(ushort machine) => machine switch
    {
        3 => ElfMachine.I386,
        62 => ElfMachine.X64,
        _ => throw new ElfFormatException(
            DiagnosticCatalog.AuditUnsupportedElf,
            $"an ELF file for {MachineName(machine)} (e_machine {machine}), not x86"),
    };

    private static string MachineName(ushort machine) => machine switch
    {
        2 => "SPARC",
        8 => "MIPS",
        20 => "PowerPC",
        21 => "PowerPC 64",
        22 => "s390",
        40 => "ARM",
        43 => "SPARC V9",
        50 => "IA-64",
        183 => "AArch64",
        243 => "RISC-V",
        247 => "BPF",
        258 => "LoongArch",
        _ => "another machine",
    };

    /// <summary>
    /// The gABI's escape for more than 0xff00 sections or 0xffff program headers: the real counts and the name table
    /// index live in section header 0.
    /// </summary>
    private static Header ResolveExtendedNumbering(Fields f, Header h)
    {
        var needsZero = h.SectionCount == 0 || h.NameTableIndex == SectionIndexExtended || h.ProgramCount == ProgramCountExtended;
        if (h.SectionOffset == 0 || !needsZero)
        {
            return h;
        }

        var minimum = f.Is64 ? 64 : 40;
        if (h.SectionEntrySize < minimum)
        {
            // A file without sections says shnum 0 with any entry size; there is nothing to resolve then.
            return h.SectionCount == 0 ? h with { SectionOffset = 0 } : throw Malformed($"section header entries of {h.SectionEntrySize} bytes, fewer than the {minimum} the format needs");
        }

        f.Need(h.SectionOffset, (ulong)minimum, "section header 0 (which holds the extended section count)");
        var at = h.SectionOffset;
        var size = f.Is64 ? f.U64(at + 32) : f.U32(at + 20);
        var link = f.U32(at + (f.Is64 ? 40UL : 24UL));
        var info = f.U32(at + (f.Is64 ? 44UL : 28UL));
        return h with
        {
            SectionCount = h.SectionCount == 0 ? size : h.SectionCount,
            NameTableIndex = h.NameTableIndex == SectionIndexExtended ? link : h.NameTableIndex,
            ProgramCount = h.ProgramCount == ProgramCountExtended ? info : h.ProgramCount,
        };
    }

    /// <summary>
    /// The code and note sections, read one header at a time (the table is checked to fit in the file first): only
    /// what will be read is kept, so a file of a million empty sections costs no memory.
    /// </summary>
    private static List<ElfSection> ReadSections(Fields f, Header h)
    {
        if (h.SectionOffset == 0 || h.SectionCount == 0)
        {
            return [];
        }

        var entry = (ulong)h.SectionEntrySize;
        var minimum = f.Is64 ? 64UL : 40UL;
        if (entry < minimum)
        {
            throw Malformed($"section header entries of {entry} bytes, fewer than the {minimum} the format needs");
        }

        // Checked before multiplying, so a huge count cannot overflow into a small table size.
        if (h.SectionCount > (ulong)f.Length / entry)
        {
            throw Malformed($"{h.SectionCount} section headers of {entry} bytes cannot fit in a {f.Length}-byte file: truncated?");
        }

        f.Need(h.SectionOffset, h.SectionCount * entry, "the section header table");
        var count = (int)h.SectionCount;
        var names = NameTable(f, h, count);
        var sections = new List<ElfSection>();
        for (var i = 0; i < count; i++)
        {
            var r = f.Section(h.SectionOffset + ((ulong)i * entry));
            var kept = new ElfSection(i, string.Empty, r.Type, r.Flags, r.Address, r.Offset, r.Size, r.Alignment);
            if (!kept.IsExecutable && !(kept.IsNote && kept.Size > 0))
            {
                continue;
            }

            if (sections.Count == MaxKeptHeaders)
            {
                throw Malformed($"more than {MaxKeptHeaders} code and note sections, more than cpupolicy reads from one file");
            }

            var name = names is { } table ? f.Name(table, r.Name) : null;
            sections.Add(kept with { Name = string.IsNullOrEmpty(name) ? $"[{i}]" : name });
        }

        return sections;
    }

    /// <summary>The section-name string table as a checked range, or null when the file names no sections.</summary>
    private static ElfRegion? NameTable(Fields f, Header h, int count)
    {
        if (h.NameTableIndex == 0)
        {
            return null;
        }

        if (h.NameTableIndex >= (ulong)count)
        {
            throw Malformed($"the section name table is section {h.NameTableIndex}, but the file has {count} sections");
        }

        var t = f.Section(h.SectionOffset + (h.NameTableIndex * h.SectionEntrySize));
        return t.Type == ElfSection.TypeNoBits
            ? null
            : f.Region("the section name table", ".shstrtab", 0, t.Offset, t.Size, 1);
    }

    /// <summary>The executable PT_LOAD and the PT_NOTE segments (only those are read), and whether PT_INTERP is there.</summary>
    private static List<ElfSegment> ReadSegments(Fields f, Header h, out bool hasInterpreter)
    {
        hasInterpreter = false;
        if (h.ProgramOffset == 0 || h.ProgramCount == 0)
        {
            return [];
        }

        var entry = (ulong)h.ProgramEntrySize;
        var minimum = f.Is64 ? 56UL : 32UL;
        if (entry < minimum)
        {
            throw Malformed($"program header entries of {entry} bytes, fewer than the {minimum} the format needs");
        }

        if (h.ProgramCount > (ulong)f.Length / entry)
        {
            throw Malformed($"{h.ProgramCount} program headers of {entry} bytes cannot fit in a {f.Length}-byte file: truncated?");
        }

        f.Need(h.ProgramOffset, h.ProgramCount * entry, "the program header table");
        var count = (int)h.ProgramCount;
        var segments = new List<ElfSegment>();
        for (var i = 0; i < count; i++)
        {
            var at = h.ProgramOffset + ((ulong)i * entry);
            var s = f.Is64
                ? new ElfSegment(i, f.U32(at), f.U32(at + 4), f.U64(at + 16), f.U64(at + 8), f.U64(at + 32), f.U64(at + 48))
                : new ElfSegment(i, f.U32(at), f.U32(at + 24), f.U32(at + 8), f.U32(at + 4), f.U32(at + 16), f.U32(at + 28));
            hasInterpreter |= s.Type == ElfSegment.TypeInterp;
            if (!s.IsExecutableLoad && !(s.IsNote && s.FileSize > 0))
            {
                continue;
            }

            if (segments.Count == MaxKeptHeaders)
            {
                throw Malformed($"more than {MaxKeptHeaders} code and note segments, more than cpupolicy reads from one file");
            }

            segments.Add(s);
        }

        return segments;
    }

    /// <summary>
    /// Keeps the regions that share no byte with an earlier one (in file order): real files never overlap code or
    /// notes, and a crafted file that points thousands of headers at one range must not multiply the work.
    /// </summary>
    private static List<ElfRegion> Disjoint(List<ElfRegion> regions, string kind, List<string> warnings)
    {
        const int namedOverlaps = 10;
        var kept = new List<ElfRegion>(regions.Count);
        var end = 0L;
        var overlaps = 0;
        ElfRegion? last = null;
        foreach (var r in regions.OrderBy(r => r.Offset).ThenByDescending(r => r.Length).ThenBy(r => r.Name, StringComparer.Ordinal))
        {
            if (last is not null && r.Offset < end)
            {
                if (++overlaps <= namedOverlaps)
                {
                    warnings.Add($"{kind} range `{r.Name}` overlaps `{last.Name}` in the file and was read only once");
                }

                continue;
            }

            kept.Add(r);
            end = (long)r.Offset + r.Length;
            last = r;
        }

        if (overlaps > namedOverlaps)
        {
            warnings.Add($"{overlaps - namedOverlaps} more {kind} ranges overlap others and were read only once");
        }

        return kept;
    }

    private static ElfFormatException Malformed(string message) => new(DiagnosticCatalog.AuditMalformedElf, message);

    /// <summary>The header fields that locate the tables; counts widened so the extended numbering fits.</summary>
    private readonly record struct Header(
        ulong ProgramOffset,
        ulong SectionOffset,
        ushort ProgramEntrySize,
        ulong ProgramCount,
        ushort SectionEntrySize,
        ulong SectionCount,
        ulong NameTableIndex);

    private readonly record struct RawSection(uint Name, uint Type, ulong Flags, ulong Address, ulong Offset, ulong Size, ulong Alignment);

    /// <summary>Little-endian field reads with a bounds check on every one; a failed check is a truncated file.</summary>
    private readonly struct Fields(byte[] data, bool is64)
    {
        public bool Is64 => is64;

        public int Length => data.Length;

        public void Need(ulong offset, ulong size, string what)
        {
            if (offset > (ulong)data.Length || size > (ulong)data.Length - offset)
            {
                throw Malformed($"{what} (offset {offset}, {size} bytes) extends past the end of the {data.Length}-byte file: truncated?");
            }
        }

        public ushort U16(ulong offset)
        {
            Need(offset, 2, "a header field");
            return BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan((int)offset, 2));
        }

        public uint U32(ulong offset)
        {
            Need(offset, 4, "a header field");
            return BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan((int)offset, 4));
        }

        public ulong U64(ulong offset)
        {
            Need(offset, 8, "a header field");
            return BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan((int)offset, 8));
        }

        /// <summary>One section header at a checked offset (the whole table was checked to fit).</summary>
        public RawSection Section(ulong at) => Is64
            ? new RawSection(U32(at), U32(at + 4), U64(at + 8), U64(at + 16), U64(at + 24), U64(at + 32), U64(at + 48))
            : new RawSection(U32(at), U32(at + 4), U32(at + 8), U32(at + 12), U32(at + 16), U32(at + 20), U32(at + 32));

        public ElfRegion Region(string what, string name, ulong address, ulong offset, ulong size, ulong alignment)
        {
            Need(offset, size, what);
            return new ElfRegion(name, address, (int)offset, (int)size, alignment);
        }

        /// <summary>A NUL-terminated name in a string table; names past the table read as empty (objdump is as lenient).</summary>
        public string Name(ElfRegion table, uint offset)
        {
            if (offset >= (uint)table.Length)
            {
                return string.Empty;
            }

            var span = data.AsSpan(table.Offset + (int)offset, Math.Min(table.Length - (int)offset, MaxNameLength));
            var nul = span.IndexOf((byte)0);
            return Encoding.UTF8.GetString(nul >= 0 ? span[..nul] : span);
        }
    }
}
