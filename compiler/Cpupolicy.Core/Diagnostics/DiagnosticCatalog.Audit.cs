namespace Cpupolicy.Core.Diagnostics;

// CP07xx: `cpupolicy audit`, which reads guest binaries (compiler/Cpupolicy.Compiler/Audit/). Every file is audited on
// its own: these diagnostics name the file, and one bad file never stops the others.
public static partial class DiagnosticCatalog
{
    public static readonly DiagnosticDescriptor AuditNotElf = new("CP0701", Severity.Error, "not an ELF file");
    public static readonly DiagnosticDescriptor AuditMalformedElf = new("CP0702", Severity.Error, "malformed or truncated ELF file");
    public static readonly DiagnosticDescriptor AuditUnsupportedElf = new("CP0703", Severity.Error, "ELF file that is not little-endian x86-64 or i386");
    public static readonly DiagnosticDescriptor AuditNotRegularFile = new("CP0704", Severity.Error, "not a regular file");
    public static readonly DiagnosticDescriptor AuditMalformedNote = new("CP0705", Severity.Warning, "malformed GNU property note; the declared ISA level is unknown");
    public static readonly DiagnosticDescriptor AuditUnknownProfile = new("CP0706", Severity.Error, "no profile of that name in the policy");
    public static readonly DiagnosticDescriptor AuditDeclaredMissing = new("CP0707", Severity.Error, "the binary declares a requirement the profile lacks");
    public static readonly DiagnosticDescriptor AuditUsedBehindCheck = new("CP0708", Severity.Warning, "the binary contains instructions for features the profile lacks (used behind a CPUID check, probably)");
    public static readonly DiagnosticDescriptor AuditInternalFailure = new("CP0709", Severity.Error, "internal failure while auditing a file");
    public static readonly DiagnosticDescriptor AuditOddLayout = new("CP0710", Severity.Warning, "unusual ELF layout; overlapping ranges were read once");
}
