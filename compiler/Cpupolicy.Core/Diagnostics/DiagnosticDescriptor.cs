namespace Cpupolicy.Core.Diagnostics;

/// <summary>
/// The catalog entry behind a diagnostic: its code, default severity and a short title. Every descriptor is a
/// static field of <see cref="DiagnosticCatalog"/>, so a test can prove codes are unique and never reused.
/// </summary>
public sealed record DiagnosticDescriptor(string Code, Severity Severity, string Title)
{
    public Diagnostic Create(SourceSpan span, string message, string? hint = null) => new(Severity, Code, message, span, hint);
}
