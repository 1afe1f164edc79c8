namespace Cpupolicy.Tests.Diagnostics;

/// <summary>
/// One row of <see cref="DiagnosticCoverageTests"/>: a diagnostic code, what the row does to produce it, and the run
/// itself, which returns every code the real component reported (the test asserts <see cref="Code"/> is among them).
/// </summary>
public sealed record DiagnosticCase(string Code, string What, Func<CaseWorkspace, IEnumerable<string>> Run)
{
    /// <summary>The theory's display key: code and description, unique across the table.</summary>
    public string Key => $"{Code} {What}";
}
