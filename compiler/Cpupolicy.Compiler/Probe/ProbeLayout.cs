namespace Cpupolicy.Compiler.Probe;

/// <summary>
/// Where the probe image lives in guest memory. The whole file is loaded at 1 MiB (the lowest address a multiboot
/// kernel may use: below it are the BIOS and the loader's own data); strings follow the headers, code follows the
/// strings, and the variables and the stack lie in zero-filled memory after the file (ELF <c>p_memsz</c>, multiboot
/// <c>bss_end_addr</c>).
/// </summary>
internal static class ProbeLayout
{
    public const uint LoadAddress = 0x0010_0000;

    /// <summary>ELF header (52 bytes), one program header (32), the multiboot header (32), then the strings.</summary>
    public const uint ElfHeaderSize = 52;
    public const uint ProgramHeaderSize = 32;
    public const uint MultibootHeaderOffset = ElfHeaderSize + ProgramHeaderSize;
    public const uint MultibootHeaderSize = 32;
    public const uint Data = LoadAddress + 0x80;

    /// <summary>Variables at 32 KiB into the image (the file is a few KiB), the stack above them.</summary>
    public const uint Variables = LoadAddress + 0x8000;
    public const uint VariablesSize = 0x100;
    public const uint StackTop = LoadAddress + 0x9000;
    public const uint MemorySize = StackTop - LoadAddress;

    /// <summary>QEMU's <c>-device isa-debug-exit,iobase=0xf4,iosize=0x04</c>; QEMU exits with (value &lt;&lt; 1) | 1 = 33.</summary>
    public const ushort DebugExitPort = 0xf4;
    public const uint DebugExitValue = 0x10;
    public const int DebugExitStatus = (int)((DebugExitValue << 1) | 1);

    public static uint Align(uint value, uint alignment) => (value + alignment - 1) & ~(alignment - 1);
}
