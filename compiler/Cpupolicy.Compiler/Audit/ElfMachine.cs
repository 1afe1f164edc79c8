namespace Cpupolicy.Compiler.Audit;

/// <summary>The ELF machines <c>audit</c> decodes (e_machine); everything else is refused with a clear message.</summary>
public enum ElfMachine
{
    /// <summary>EM_386 (3): 32-bit x86.</summary>
    I386 = 3,

    /// <summary>EM_X86_64 (62): 64-bit x86, also the x32 ABI (ELFCLASS32 with 64-bit code).</summary>
    X64 = 62,
}
