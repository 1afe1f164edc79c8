using Cpupolicy.Compiler.Analyses;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Core.IO;

namespace Cpupolicy.Compiler.PolicyTests;

/// <summary>
/// What <c>cpupolicy test</c> does with one argument: find the policy and its test file (<c>NAME.test.yaml</c> beside
/// <c>NAME.cpupolicy</c>, whichever of the two is named), read both, and run every assertion that can run.
/// </summary>
public static class PolicyTestSuite
{
    public static PolicyTestFileRun Run(string file)
    {
        var isTestFile = file.EndsWith(PolicyTestFile.Suffix, StringComparison.Ordinal);
        var policyPath = isTestFile ? PolicyTestFile.PolicyOf(file) : file;
        var testPath = isTestFile ? file : PolicyTestFile.BesidePolicy(file);
        var diagnostics = new List<Diagnostic>();
        var outcomes = new List<PolicyTestOutcome>();
        try
        {
            if (!File.Exists(testPath))
            {
                throw new DiagnosticException(DiagnosticCatalog.PolicyTestFileMissing.Create(
                    SourceSpan.WholeFile(policyPath),
                    $"`{policyPath}` has no test file `{testPath}`",
                    "write its assertions there (docs/cli.md, \"cpupolicy test\"), or leave the policy out of the command"));
            }

            var tests = PolicyTestFile.Parse(InputFile.ReadText(testPath), testPath);
            diagnostics.AddRange(tests.Diagnostics);
            var policy = FleetPolicy.Load(policyPath);
            diagnostics.AddRange(policy.Diagnostics);
            if (!tests.HasErrors && !policy.HasErrors)
            {
                outcomes.AddRange(PolicyTestRunner.Run(policy, tests));
            }
        }
        catch (DiagnosticException e)
        {
            diagnostics.Add(e.Diagnostic);
        }

        return new PolicyTestFileRun(policyPath, testPath, diagnostics, outcomes);
    }
}
