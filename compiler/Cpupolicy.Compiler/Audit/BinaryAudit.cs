using Cpupolicy.Core.Database;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Audit;

/// <summary>
/// The audit of one file: either an <see cref="Error"/> (the file was not read; nothing else is set), or what its notes
/// declare and what its code contains. Declared and contained are kept apart on purpose: code that contains AVX2 often
/// checks CPUID before running it, while a binary that declares x86-64-v3 will not run without it.
/// </summary>
public sealed record BinaryAudit
{
    public required string Path { get; init; }

    /// <summary>Why the file could not be audited, or null.</summary>
    public Diagnostic? Error { get; init; }

    /// <summary>"x86-64", "x32" or "i386"; null on error.</summary>
    public string? Machine { get; init; }

    /// <summary>"relocatable object", "executable", "PIE executable" or "shared library"; null on error.</summary>
    public string? FileType { get; init; }

    public IsaDeclaration Declaration { get; init; } = IsaDeclaration.None;

    public CodeCensus Code { get; init; } = CodeCensus.Empty;

    /// <summary>Oddities that did not stop the audit (a malformed note, overlapping sections).</summary>
    public IReadOnlyList<Diagnostic> Warnings { get; init; } = [];

    public bool Failed => Error is not null;

    /// <summary>Whether the failure is a bug in cpupolicy rather than a problem with the file.</summary>
    public bool FailedInternally => Error?.Code == DiagnosticCatalog.AuditInternalFailure.Code;

    /// <summary>The features some instruction of the code needs.</summary>
    public FeatureSet Contained => Code.Contained;

    public static BinaryAudit Failure(string path, Diagnostic error) => new() { Path = path, Error = error };
}
