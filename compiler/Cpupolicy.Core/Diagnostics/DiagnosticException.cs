namespace Cpupolicy.Core.Diagnostics;

/// <summary>
/// Carries a user-facing diagnostic out of a reader that cannot go on (a truncated inventory file, a bad artifact).
/// The CLI prints the diagnostic and exits 1; the message never includes a stack trace.
/// </summary>
public sealed class DiagnosticException : Exception
{
    public DiagnosticException(Diagnostic diagnostic)
        : base(diagnostic.ToString())
    {
        Diagnostic = diagnostic;
    }

    public DiagnosticException()
        : this(DiagnosticCatalog.InternalError.Create(SourceSpan.WholeFile("<unknown>"), "unknown error"))
    {
    }

    public DiagnosticException(string message)
        : this(DiagnosticCatalog.InternalError.Create(SourceSpan.WholeFile("<unknown>"), message))
    {
    }

    public DiagnosticException(string message, Exception innerException)
        : base(message, innerException)
    {
        Diagnostic = DiagnosticCatalog.InternalError.Create(SourceSpan.WholeFile("<unknown>"), message);
    }

    public Diagnostic Diagnostic { get; }
}
