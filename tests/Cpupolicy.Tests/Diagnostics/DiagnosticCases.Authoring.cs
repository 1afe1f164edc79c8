namespace Cpupolicy.Tests.Diagnostics;

// CP11xx: authoring tools: policy test files (`cpupolicy test`) and the language server.
public static partial class DiagnosticCases
{
    private static IEnumerable<DiagnosticCase> Authoring =>
    [
        Case("CP1100", "a test file without a tests: list", ws => TestRun(ws, "checks:\n  - profile: pool-baseline\n")),
        Case("CP1101", "a test entry with a misspelt key", ws => TestRun(ws, "tests:\n  - profile: pool-baseline\n    keep: [sse2]\n")),
        Case("CP1102", "a test naming a profile the policy lacks", ws => TestRun(ws, "tests:\n  - profile: pool-baselin\n    keeps: [sse2]\n")),
        Case("CP1103", "a policy without a test file", ws =>
        {
            var policy = ws.Write("lonely.cpupolicy", "host a is Haswell\nprofile p = model(Haswell)\n");
            return CaseWorkspace.Cli("test", policy);
        }),
    ];

    /// <summary>Runs <c>cpupolicy test</c> on a copy of the homelab example with the given test file beside it.</summary>
    private static IEnumerable<string> TestRun(CaseWorkspace ws, string tests)
    {
        var policy = Path.Combine(ws.Dir, "homelab.cpupolicy");
        File.Copy(Homelab, policy, overwrite: true);
        if (!Directory.Exists(Path.Combine(ws.Dir, "hosts")))
        {
            Directory.CreateSymbolicLink(Path.Combine(ws.Dir, "hosts"), Example("hosts"));
        }

        ws.Write("homelab.test.yaml", tests);
        return CaseWorkspace.Cli("test", policy);
    }
}
