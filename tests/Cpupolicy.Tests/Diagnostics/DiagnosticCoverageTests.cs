using Cpupolicy.Policy.Diagnostics;
using Cpupolicy.Tests.Policy;
using Cpupolicy.Tests.Semantics;

namespace Cpupolicy.Tests.Diagnostics;

/// <summary>
/// Every code of the catalog is produced by at least one test (issue 13, item 8). The rows that prove it are the
/// tables whose every row runs a real component and asserts its code from that run: <see cref="DiagnosticCases"/>
/// here (files, CLI, inventory, backends, hooks, audit, analyses, probe), <see cref="SyntaxDiagnosticTests.Cases"/>
/// (the parser) and <see cref="SemanticDiagnosticTests.Cases"/> (binding and checking, with spans). A code in none
/// of them fails <see cref="Every_code_of_the_catalog_is_produced_by_a_case"/>; a code nothing can produce is retired
/// (<see cref="DiagnosticCatalog.RetiredCodes"/>), not listed here.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class DiagnosticCoverageTests
{
    private static readonly Dictionary<string, DiagnosticCase> ByKey = DiagnosticCases.All.ToDictionary(c => c.Key, StringComparer.Ordinal);

    public static TheoryData<string> Keys => new(DiagnosticCases.All.Select(c => c.Key));

    [SkippableTheory]
    [MemberData(nameof(Keys))]
    public void The_case_produces_its_code(string key)
    {
        var @case = ByKey[key];
        using var workspace = new CaseWorkspace();
        var produced = @case.Run(workspace).ToList();
        Assert.True(produced.Contains(@case.Code, StringComparer.Ordinal), $"{key}: expected {@case.Code}, the run reported [{string.Join(", ", produced)}]");
    }

    [Fact]
    public void Every_code_of_the_catalog_is_produced_by_a_case()
    {
        var covered = CoveredCodes().ToHashSet(StringComparer.Ordinal);
        var missing = DiagnosticCatalog.All.Select(d => d.Code).Where(c => !covered.Contains(c)).ToList();
        Assert.True(missing.Count == 0, $"codes no test produces (add a row to DiagnosticCases, or retire the code): {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_case_names_a_live_code_of_the_catalog()
    {
        var live = DiagnosticCatalog.All.Select(d => d.Code).ToHashSet(StringComparer.Ordinal);
        Assert.Empty(CoveredCodes().Where(c => !live.Contains(c)).Distinct());
        Assert.Equal(DiagnosticCases.All.Count, ByKey.Count); // keys are unique, so each row runs
    }

    private static IEnumerable<string> CoveredCodes() =>
        DiagnosticCases.All.Select(c => c.Code)
            .Concat(SyntaxDiagnosticTests.Cases.Select(row => (string)row[1]))
            .Concat(SemanticDiagnosticTests.Cases.Select(row => (string)row[1]));
}
