using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Services;

/// <summary>
/// What <see cref="AuditService"/> found: the policy's diagnostics (when it failed to compile or lacks the profile,
/// no binary was audited), the profile judged against (null when none), and each binary with its verdict.
/// </summary>
public sealed record AuditOutcome(IReadOnlyList<Diagnostic> PolicyDiagnostics, string? Profile, IReadOnlyList<AuditedBinary> Binaries)
{
    public bool PolicyFailed => PolicyDiagnostics.Any(d => d.IsError);
}
