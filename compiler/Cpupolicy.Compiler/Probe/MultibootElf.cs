using System.Buffers.Binary;

namespace Cpupolicy.Compiler.Probe;

/// <summary>
/// Wraps the probe's strings and code in an ELF32 i386 executable with a multiboot (v1) header, which QEMU's
/// <c>-kernel</c> boots directly. One <c>PT_LOAD</c> segment maps the whole file at 1 MiB, and the header's a.out-kludge
/// address fields say the same thing, so a loader that reads the ELF headers and one that reads only the multiboot
/// header load identical bytes to identical addresses.
/// </summary>
internal static class MultibootElf
{
    private const uint MultibootMagic = 0x1BAD_B002;
    private const uint MultibootAddressFields = 1u << 16; // a.out kludge: header_addr .. entry_addr are valid

    public static byte[] Build(byte[] data, byte[] code, uint codeAddress)
    {
        var fileSize = codeAddress - ProbeLayout.LoadAddress + (uint)code.Length;
        var image = new byte[fileSize];
        var span = image.AsSpan();

        // ELF header (System V ABI, i386 supplement).
        span[0] = 0x7f;
        span[1] = (byte)'E';
        span[2] = (byte)'L';
        span[3] = (byte)'F';
        span[4] = 1; // ELFCLASS32
        span[5] = 1; // ELFDATA2LSB
        span[6] = 1; // EV_CURRENT
        U16(span, 16, 2);                        // e_type: ET_EXEC
        U16(span, 18, 3);                        // e_machine: EM_386
        U32(span, 20, 1);                        // e_version
        U32(span, 24, codeAddress);              // e_entry
        U32(span, 28, ProbeLayout.ElfHeaderSize); // e_phoff
        U32(span, 32, 0);                        // e_shoff: no sections
        U32(span, 36, 0);                        // e_flags
        U16(span, 40, (ushort)ProbeLayout.ElfHeaderSize);
        U16(span, 42, (ushort)ProbeLayout.ProgramHeaderSize);
        U16(span, 44, 1);                        // e_phnum
        U16(span, 46, 40);                       // e_shentsize
        U16(span, 48, 0);                        // e_shnum
        U16(span, 50, 0);                        // e_shstrndx

        // The one PT_LOAD: the whole file at 1 MiB, plus zero-filled variables and stack.
        var ph = (int)ProbeLayout.ElfHeaderSize;
        U32(span, ph + 0, 1);                        // p_type: PT_LOAD
        U32(span, ph + 4, 0);                        // p_offset
        U32(span, ph + 8, ProbeLayout.LoadAddress);  // p_vaddr
        U32(span, ph + 12, ProbeLayout.LoadAddress); // p_paddr
        U32(span, ph + 16, fileSize);                // p_filesz
        U32(span, ph + 20, ProbeLayout.MemorySize);  // p_memsz
        U32(span, ph + 24, 7);                       // p_flags: RWX
        U32(span, ph + 28, 0x1000);                  // p_align

        // Multiboot header: 4-byte aligned within the first 8 KiB.
        var mb = (int)ProbeLayout.MultibootHeaderOffset;
        U32(span, mb + 0, MultibootMagic);
        U32(span, mb + 4, MultibootAddressFields);
        U32(span, mb + 8, unchecked(0u - MultibootMagic - MultibootAddressFields));
        U32(span, mb + 12, ProbeLayout.LoadAddress + ProbeLayout.MultibootHeaderOffset); // header_addr
        U32(span, mb + 16, ProbeLayout.LoadAddress);                                     // load_addr
        U32(span, mb + 20, ProbeLayout.LoadAddress + fileSize);                          // load_end_addr
        U32(span, mb + 24, ProbeLayout.LoadAddress + ProbeLayout.MemorySize);            // bss_end_addr
        U32(span, mb + 28, codeAddress);                                                 // entry_addr

        data.CopyTo(span[(int)(ProbeLayout.Data - ProbeLayout.LoadAddress)..]);
        code.CopyTo(span[(int)(codeAddress - ProbeLayout.LoadAddress)..]);
        return image;
    }

    private static void U16(Span<byte> s, int at, ushort v) => BinaryPrimitives.WriteUInt16LittleEndian(s[at..], v);

    private static void U32(Span<byte> s, int at, uint v) => BinaryPrimitives.WriteUInt32LittleEndian(s[at..], v);
}
