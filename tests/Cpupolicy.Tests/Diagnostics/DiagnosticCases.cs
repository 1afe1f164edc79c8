using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Tests.Diagnostics;

/// <summary>
/// The table of <see cref="DiagnosticCoverageTests"/>, one partial file per stage of the catalog. A row runs the real
/// component on a small crafted input; the theory asserts its code was reported.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")] // stand-in executables are shell scripts
public static partial class DiagnosticCases
{
    public static IReadOnlyList<DiagnosticCase> All { get; } =
    [
        .. General, .. Syntax, .. Semantics, .. Inventory, .. Backends, .. Hooks, .. Audit, .. Analyses, .. Live, .. Probe, .. Arm64, .. Authoring,
    ];

    /// <summary>The code of the diagnostic a component threw (none when it did not throw one).</summary>
    private static IReadOnlyList<string> Thrown(Action run)
    {
        try
        {
            run();
            return [];
        }
        catch (DiagnosticException e)
        {
            return [e.Diagnostic.Code];
        }
    }

    private static DiagnosticCase Case(string code, string what, Func<CaseWorkspace, IEnumerable<string>> run) => new(code, what, run);

    private static string Example(string name) => Path.Combine(Infrastructure.RepoData.RepoRoot, "policy", "examples", name);
}
