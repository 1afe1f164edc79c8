using System.Text.RegularExpressions;
using Cpupolicy.Compiler.Backends;
using Cpupolicy.Policy.Diagnostics;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Docs;

/// <summary>
/// The reference tables of docs/policy-language.md agree with the code: the diagnostics table lists exactly the
/// codes of <see cref="DiagnosticCatalog"/> (with their severity, under the heading of their stage), and the target
/// options table lists exactly the options of every backend with their defaults and fixed values.
/// </summary>
public sealed partial class ReferenceTablesTests
{
    private const string Document = "docs/policy-language.md";

    private static readonly string[] Lines = File.ReadAllLines(Path.Combine(RepoData.RepoRoot, Document));

    [Fact]
    public void The_diagnostics_table_lists_exactly_the_catalog_with_severities_under_their_stage()
    {
        var rows = new Dictionary<string, (string Severity, int Line, string Heading)>(StringComparer.Ordinal);
        var problems = new List<string>();
        var heading = string.Empty;
        for (var i = 0; i < Lines.Length; i++)
        {
            if (Lines[i].StartsWith("### ", StringComparison.Ordinal))
            {
                heading = Lines[i];
            }

            var row = DiagnosticRow().Match(Lines[i]);
            if (!row.Success)
            {
                continue;
            }

            var code = row.Groups["code"].Value;
            if (!rows.TryAdd(code, (row.Groups["severity"].Value, i + 1, heading)))
            {
                problems.Add($"{Document}:{i + 1}: {code} is listed twice");
            }
        }

        var catalog = DiagnosticCatalog.All.ToDictionary(d => d.Code, StringComparer.Ordinal);
        foreach (var d in catalog.Values.Where(d => !rows.ContainsKey(d.Code)))
        {
            problems.Add($"{Document}: {d.Code} ({d.Title}) is in the catalog but not in the diagnostics table");
        }

        foreach (var (code, (severity, line, under)) in rows)
        {
            if (!catalog.TryGetValue(code, out var d))
            {
                problems.Add($"{Document}:{line}: {code} is not in DiagnosticCatalog (retired or mistyped)");
                continue;
            }

            var expected = d.Severity == Severity.Error ? "error" : "warning";
            if (severity != expected)
            {
                problems.Add($"{Document}:{line}: {code} is listed as {severity}, the catalog says {expected}");
            }

            if (!under.Contains($"CP{code[2..4]}xx", StringComparison.Ordinal))
            {
                problems.Add($"{Document}:{line}: {code} is under `{under}`, not under the heading of CP{code[2..4]}xx");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_target_options_table_lists_every_option_of_every_backend_with_its_default_and_values()
    {
        var rows = new Dictionary<(string Backend, string Option), (string Default, string Values, int Line)>();
        var inSection = false;
        for (var i = 0; i < Lines.Length; i++)
        {
            if (Lines[i].StartsWith("## ", StringComparison.Ordinal))
            {
                inSection = Lines[i].StartsWith("## Target options", StringComparison.Ordinal);
            }

            var row = OptionRow().Match(Lines[i]);
            if (inSection && row.Success)
            {
                rows[(row.Groups["backend"].Value, row.Groups["option"].Value)] = (row.Groups["default"].Value, row.Groups["values"].Value, i + 1);
            }
        }

        var problems = new List<string>();
        var registry = BackendRegistry.Default;
        foreach (var backend in registry.All)
        {
            foreach (var option in backend.Options)
            {
                if (!rows.Remove((backend.Name, option.Name), out var row))
                {
                    problems.Add($"{Document}: target `{backend.Name}` option `{option.Name}` is not in the \"Target options\" table");
                    continue;
                }

                if (row.Default != option.Default)
                {
                    problems.Add($"{Document}:{row.Line}: `{backend.Name}` `{option.Name}` defaults to `{option.Default}`, the table says `{row.Default}`");
                }

                foreach (var value in option.Values.Where(v => !row.Values.Contains($"`{v}`", StringComparison.Ordinal)))
                {
                    problems.Add($"{Document}:{row.Line}: `{backend.Name}` `{option.Name}` accepts `{value}`, which the table does not list");
                }
            }
        }

        foreach (var ((backend, option), row) in rows)
        {
            problems.Add($"{Document}:{row.Line}: the table lists `{backend}` `{option}`, which the backend does not have");
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary><c>| CP0101 | error | ... |</c></summary>
    [GeneratedRegex(@"^\|\s*(?<code>CP[0-9]{4})\s*\|\s*(?<severity>[a-z]+)\s*\|")]
    private static partial Regex DiagnosticRow();

    /// <summary><c>| `xen` | `format` | `libxl` | `libxl`, `xend` | ... |</c></summary>
    [GeneratedRegex(@"^\|\s*`(?<backend>[a-z]+)`\s*\|\s*`(?<option>[a-z]+)`\s*\|\s*`(?<default>[^`]+)`\s*\|(?<values>[^|]*)\|")]
    private static partial Regex OptionRow();
}
