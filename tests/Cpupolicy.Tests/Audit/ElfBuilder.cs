using System.Buffers.Binary;
using System.Text;

namespace Cpupolicy.Tests.Audit;

/// <summary>
/// Writes small little-endian ELF files by hand, so that reader tests can state exactly what a header says,
/// including what no toolchain would write (old note encodings, overlapping sections, no section headers).
/// Layout: ELF header, program headers, contents (8-aligned), section names, section headers.
/// </summary>
public sealed class ElfBuilder
{
    public const uint SectionProgBits = 1;
    public const uint SectionNote = 7;
    public const ulong FlagAlloc = 0x2;
    public const ulong FlagExec = 0x4;

    /// <summary>VPADDD ymm0, ymm0, ymm1 (AVX2); RET.</summary>
    public static readonly byte[] Avx2Code = [0xc5, 0xfd, 0xfe, 0xc1, 0xc3];

    public bool Is64 { get; init; } = true;

    public ushort Machine { get; init; } = 62;

    public ushort Type { get; init; } = 1;

    public bool WriteSectionHeaders { get; init; } = true;

    public List<Section> Sections { get; } = [];

    public List<Segment> Segments { get; } = [];

    public ElfBuilder Code(string name, byte[] bytes, ulong address = 0)
    {
        Sections.Add(new Section(name, SectionProgBits, FlagAlloc | FlagExec, address, bytes, 16));
        return this;
    }

    public ElfBuilder Note(string name, byte[] bytes)
    {
        Sections.Add(new Section(name, SectionNote, FlagAlloc, 0, bytes, Is64 ? 8UL : 4UL));
        return this;
    }

    /// <summary>A <c>.note.gnu.property</c> payload holding the given x86 properties (4-byte values).</summary>
    public static byte[] GnuPropertyNote(bool is64, params (uint Type, uint Value)[] properties)
    {
        var align = is64 ? 8 : 4;
        var desc = new List<byte>();
        foreach (var (type, value) in properties)
        {
            desc.AddRange(U32(type));
            desc.AddRange(U32(4));
            desc.AddRange(U32(value));
            while (desc.Count % align != 0)
            {
                desc.Add(0);
            }
        }

        var note = new List<byte>();
        note.AddRange(U32(4));
        note.AddRange(U32((uint)desc.Count));
        note.AddRange(U32(5));
        note.AddRange("GNU\0"u8.ToArray());
        while (note.Count % align != 0)
        {
            note.Add(0);
        }

        note.AddRange(desc);
        return [.. note];
    }

    public byte[] Build()
    {
        var headerSize = Is64 ? 64 : 52;
        var phentsize = Is64 ? 56 : 32;
        var shentsize = Is64 ? 64 : 40;
        var output = new List<byte>(new byte[headerSize + (Segments.Count * phentsize)]);

        var sectionOffsets = new List<int>();
        foreach (var s in Sections)
        {
            Pad(output, 8);
            sectionOffsets.Add(output.Count);
            output.AddRange(s.Data);
        }

        var segmentOffsets = new List<int>();
        foreach (var s in Segments)
        {
            Pad(output, 8);
            segmentOffsets.Add(s.SharesSection is { } index ? sectionOffsets[index] : output.Count);
            if (s.SharesSection is null)
            {
                output.AddRange(s.Data);
            }
        }

        var names = new List<byte> { 0 };
        var nameOffsets = Sections.Select(s => AddName(names, s.Name)).ToList();
        var shstrtabName = AddName(names, ".shstrtab");
        var shstrtabOffset = output.Count;
        output.AddRange(names);
        Pad(output, 8);
        var shoff = output.Count;
        var data = output.ToArray();
        var table = new byte[(Sections.Count + 2) * shentsize];
        for (var i = 0; i < Sections.Count; i++)
        {
            var s = Sections[i];
            WriteSection(table, (i + 1) * shentsize, (uint)nameOffsets[i], s.Type, s.Flags, s.Address, (ulong)sectionOffsets[i], s.Size ?? (ulong)s.Data.Length, s.Alignment);
        }

        WriteSection(table, (Sections.Count + 1) * shentsize, (uint)shstrtabName, 3, 0, 0, (ulong)shstrtabOffset, (ulong)names.Count, 1);
        if (WriteSectionHeaders)
        {
            data = [.. data, .. table];
        }

        WriteHeader(data, WriteSectionHeaders ? shoff : 0, WriteSectionHeaders ? Sections.Count + 2 : 0);
        for (var i = 0; i < Segments.Count; i++)
        {
            var s = Segments[i];
            var at = headerSize + (i * phentsize);
            var size = (ulong)(s.SharesSection is { } index ? Sections[index].Data.Length : s.Data.Length);
            if (Is64)
            {
                Put32(data, at, s.Type);
                Put32(data, at + 4, s.Flags);
                Put64(data, at + 8, (ulong)segmentOffsets[i]);
                Put64(data, at + 16, s.Address);
                Put64(data, at + 32, size);
                Put64(data, at + 40, size);
                Put64(data, at + 48, s.Alignment);
            }
            else
            {
                Put32(data, at, s.Type);
                Put32(data, at + 4, (uint)segmentOffsets[i]);
                Put32(data, at + 8, (uint)s.Address);
                Put32(data, at + 16, (uint)size);
                Put32(data, at + 20, (uint)size);
                Put32(data, at + 24, s.Flags);
                Put32(data, at + 28, (uint)s.Alignment);
            }
        }

        return data;

        void WriteSection(byte[] t, int at, uint name, uint type, ulong flags, ulong address, ulong offset, ulong size, ulong align)
        {
            Put32(t, at, name);
            Put32(t, at + 4, type);
            if (Is64)
            {
                Put64(t, at + 8, flags);
                Put64(t, at + 16, address);
                Put64(t, at + 24, offset);
                Put64(t, at + 32, size);
                Put64(t, at + 48, align);
            }
            else
            {
                Put32(t, at + 8, (uint)flags);
                Put32(t, at + 12, (uint)address);
                Put32(t, at + 16, (uint)offset);
                Put32(t, at + 20, (uint)size);
                Put32(t, at + 32, (uint)align);
            }
        }
    }

    /// <summary>Offsets of the header fields tests overwrite, for this class.</summary>
    public static int SectionCountOffset(bool is64) => is64 ? 60 : 48;

    public static int SectionOffsetOffset(bool is64) => is64 ? 40 : 32;

    public static int NameIndexOffset(bool is64) => is64 ? 62 : 50;

    public static void Put16(byte[] data, int at, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(at), value);

    public static void Put32(byte[] data, int at, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(at), value);

    public static void Put64(byte[] data, int at, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(at), value);

    private void WriteHeader(byte[] data, int shoff, int shnum)
    {
        data[0] = 0x7f;
        data[1] = (byte)'E';
        data[2] = (byte)'L';
        data[3] = (byte)'F';
        data[4] = Is64 ? (byte)2 : (byte)1;
        data[5] = 1;
        data[6] = 1;
        Put16(data, 16, Type);
        Put16(data, 18, Machine);
        Put32(data, 20, 1);
        var headerSize = Is64 ? 64 : 52;
        var phoff = Segments.Count > 0 ? headerSize : 0;
        if (Is64)
        {
            Put64(data, 32, (ulong)phoff);
            Put64(data, 40, (ulong)shoff);
            Put16(data, 52, (ushort)headerSize);
            Put16(data, 54, 56);
            Put16(data, 56, (ushort)Segments.Count);
            Put16(data, 58, 64);
            Put16(data, 60, (ushort)shnum);
            Put16(data, 62, (ushort)(shnum == 0 ? 0 : shnum - 1));
        }
        else
        {
            Put32(data, 28, (uint)phoff);
            Put32(data, 32, (uint)shoff);
            Put16(data, 40, (ushort)headerSize);
            Put16(data, 42, 32);
            Put16(data, 44, (ushort)Segments.Count);
            Put16(data, 46, 40);
            Put16(data, 48, (ushort)shnum);
            Put16(data, 50, (ushort)(shnum == 0 ? 0 : shnum - 1));
        }
    }

    private static int AddName(List<byte> names, string name)
    {
        var at = names.Count;
        names.AddRange(Encoding.UTF8.GetBytes(name));
        names.Add(0);
        return at;
    }

    private static void Pad(List<byte> output, int align)
    {
        while (output.Count % align != 0)
        {
            output.Add(0);
        }
    }

    private static byte[] U32(uint value)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        return b;
    }

    /// <summary>A section to write; <see cref="Size"/> overrides the size the header states (to describe bad files).</summary>
    public sealed record Section(string Name, uint Type, ulong Flags, ulong Address, byte[] Data, ulong Alignment, ulong? Size = null);

    /// <summary>A program header; with <see cref="SharesSection"/> it covers that section's bytes instead of its own.</summary>
    public sealed record Segment(uint Type, uint Flags, ulong Address, byte[] Data, ulong Alignment = 8, int? SharesSection = null);
}
