namespace Cpupolicy.Compiler.Audit;

/// <summary>
/// The x86 ISA properties of an ELF file's GNU property notes (NT_GNU_PROPERTY_TYPE_0), each the OR of every note
/// that carries it, or null when no note does. "Needed" is what the toolchain declares the program requires (the
/// linker ORs it over all inputs; glibc refuses to load a library whose level the CPU lacks); "used" only records what
/// the assembler saw, which includes code behind a CPUID check, so it is no requirement.
/// </summary>
public sealed record X86IsaProperties
{
    public static X86IsaProperties None { get; } = new();

    /// <summary>GNU_PROPERTY_X86_ISA_1_NEEDED (0xc0008002): psABI level bits (binutils 2.36 and later).</summary>
    public uint? LevelsNeeded { get; init; }

    /// <summary>GNU_PROPERTY_X86_ISA_1_USED (0xc0010002): psABI level bits, written by <c>as -mx86-used-note=yes</c>.</summary>
    public uint? LevelsUsed { get; init; }

    /// <summary>GNU_PROPERTY_X86_COMPAT_ISA_1_NEEDED (0xc0000001): per-extension bits of the first encoding (binutils 2.29).</summary>
    public uint? CompatNeeded { get; init; }

    /// <summary>GNU_PROPERTY_X86_COMPAT_ISA_1_USED (0xc0000000).</summary>
    public uint? CompatUsed { get; init; }

    /// <summary>GNU_PROPERTY_X86_COMPAT_2_ISA_1_NEEDED (0xc0008000): per-extension bits of the second encoding, used until binutils 2.36 switched to levels.</summary>
    public uint? Compat2Needed { get; init; }

    /// <summary>GNU_PROPERTY_X86_COMPAT_2_ISA_1_USED (0xc0010000).</summary>
    public uint? Compat2Used { get; init; }

    /// <summary>What was wrong with a note that could not be read to its end (the properties before it are kept).</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];
}
