using System.Buffers.Binary;

namespace Cpupolicy.Compiler.Audit;

/// <summary>
/// Reads the x86 ISA properties out of an ELF file's notes: every note region is walked as a list of ELF notes, and
/// each GNU <c>NT_GNU_PROPERTY_TYPE_0</c> note as a list of properties. Every length is checked against what is left,
/// so a corrupt note ends the walk of its region with a problem recorded instead of reading past it.
/// </summary>
public static class GnuPropertyReader
{
    public const uint NoteGnuPropertyType0 = 5;
    public const uint IsaNeeded = 0xc0008002;
    public const uint IsaUsed = 0xc0010002;
    public const uint CompatIsaUsed = 0xc0000000;
    public const uint CompatIsaNeeded = 0xc0000001;
    public const uint Compat2IsaNeeded = 0xc0008000;
    public const uint Compat2IsaUsed = 0xc0010000;

    private const int NoteHeaderSize = 12;
    private const int PropertyHeaderSize = 8;

    public static X86IsaProperties Read(ElfImage image)
    {
        var result = X86IsaProperties.None;
        var problems = new List<string>();
        foreach (var region in image.NoteRegions)
        {
            var notes = image.Data.AsSpan(region.Offset, region.Length);

            // gABI: note entries are 4-byte aligned, except in 8-byte aligned sections (.note.gnu.property of ELF64).
            var align = region.Alignment == 8 ? 8 : 4;
            var at = 0L;
            while (notes.Length - at >= NoteHeaderSize)
            {
                var nameSize = BinaryPrimitives.ReadUInt32LittleEndian(notes[(int)at..]);
                var descSize = BinaryPrimitives.ReadUInt32LittleEndian(notes[(int)(at + 4)..]);
                var type = BinaryPrimitives.ReadUInt32LittleEndian(notes[(int)(at + 8)..]);
                var nameStart = at + NoteHeaderSize;
                var descStart = AlignUp(nameStart + nameSize, align);
                if (nameSize > notes.Length - nameStart || descStart > notes.Length || descSize > notes.Length - descStart)
                {
                    problems.Add($"a note in `{region.Name}` at offset {at} claims {nameSize} name bytes and {descSize} data bytes, more than its {notes.Length}-byte region holds");
                    break;
                }

                if (type == NoteGnuPropertyType0 && IsGnuName(notes.Slice((int)nameStart, (int)nameSize)))
                {
                    result = ReadProperties(notes.Slice((int)descStart, (int)descSize), image.Is64 ? 8 : 4, region.Name, result, problems);
                }

                at = AlignUp(descStart + descSize, align);
            }
        }

        return problems.Count == 0 ? result : result with { Problems = problems };
    }

    private static bool IsGnuName(ReadOnlySpan<byte> name) => name.SequenceEqual("GNU\0"u8);

    private static X86IsaProperties ReadProperties(ReadOnlySpan<byte> desc, int align, string region, X86IsaProperties result, List<string> problems)
    {
        var at = 0L;
        while (desc.Length - at >= PropertyHeaderSize)
        {
            var type = BinaryPrimitives.ReadUInt32LittleEndian(desc[(int)at..]);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(desc[(int)(at + 4)..]);
            var dataStart = at + PropertyHeaderSize;
            if (size > desc.Length - dataStart)
            {
                problems.Add($"GNU property 0x{type:x} in `{region}` claims {size} bytes, more than its note holds");
                break;
            }

            if (IsIsaProperty(type))
            {
                if (size != 4)
                {
                    problems.Add($"x86 ISA property 0x{type:x} in `{region}` has {size} bytes instead of 4");
                }
                else
                {
                    result = Merge(result, type, BinaryPrimitives.ReadUInt32LittleEndian(desc[(int)dataStart..]));
                }
            }

            at = AlignUp(dataStart + size, align);
        }

        return result;
    }

    private static bool IsIsaProperty(uint type) =>
        type is IsaNeeded or IsaUsed or CompatIsaNeeded or CompatIsaUsed or Compat2IsaNeeded or Compat2IsaUsed;

    /// <summary>Several notes (say, from objects linked with <c>ld -r</c>) add up: the union is what the file declares.</summary>
    private static X86IsaProperties Merge(X86IsaProperties p, uint type, uint bits) => type switch
    {
        IsaNeeded => p with { LevelsNeeded = (p.LevelsNeeded ?? 0) | bits },
        IsaUsed => p with { LevelsUsed = (p.LevelsUsed ?? 0) | bits },
        CompatIsaNeeded => p with { CompatNeeded = (p.CompatNeeded ?? 0) | bits },
        CompatIsaUsed => p with { CompatUsed = (p.CompatUsed ?? 0) | bits },
        Compat2IsaNeeded => p with { Compat2Needed = (p.Compat2Needed ?? 0) | bits },
        _ => p with { Compat2Used = (p.Compat2Used ?? 0) | bits },
    };

    private static long AlignUp(long value, int align) => (value + align - 1) & ~(long)(align - 1);
}
