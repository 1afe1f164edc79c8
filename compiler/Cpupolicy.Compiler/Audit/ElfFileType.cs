namespace Cpupolicy.Compiler.Audit;

/// <summary>The ELF file types <c>audit</c> reads (e_type), with executables and shared objects told apart.</summary>
public enum ElfFileType
{
    /// <summary>ET_REL: an object file (<c>gcc -c</c>); no startup code, so its code is exactly what was compiled.</summary>
    Relocatable,

    /// <summary>ET_EXEC: a position-dependent executable.</summary>
    Executable,

    /// <summary>ET_DYN with a PT_INTERP segment: a position-independent executable (Debian's default).</summary>
    PieExecutable,

    /// <summary>ET_DYN without PT_INTERP: a shared library.</summary>
    SharedLibrary,
}
