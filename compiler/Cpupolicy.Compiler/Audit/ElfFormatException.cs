using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Audit;

/// <summary>
/// Why a file cannot be read as an x86 ELF binary. Thrown only inside <see cref="ElfReader"/> (deep bounds checks would
/// otherwise thread a failure through every helper) and caught at its public boundary, which turns it into a diagnostic.
/// </summary>
internal sealed class ElfFormatException : Exception
{
    public ElfFormatException(DiagnosticDescriptor descriptor, string message)
        : base(message)
    {
        Descriptor = descriptor;
    }

    public ElfFormatException()
        : this(DiagnosticCatalog.AuditMalformedElf, "malformed ELF file")
    {
    }

    public ElfFormatException(string message)
        : this(DiagnosticCatalog.AuditMalformedElf, message)
    {
    }

    public ElfFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Descriptor = DiagnosticCatalog.AuditMalformedElf;
    }

    public DiagnosticDescriptor Descriptor { get; }
}
