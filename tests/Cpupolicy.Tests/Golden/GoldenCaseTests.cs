using System.Text;
using Cpupolicy.Compiler.Emit;
using Cpupolicy.Compiler.IO;
using Cpupolicy.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Cpupolicy.Tests.Golden;

/// <summary>
/// Golden files: every folder of <c>tests/cases/</c> holds a policy (<c>policy.cpupolicy</c>, or <c>example.txt</c>
/// naming a bundled example) and <c>expected/</c>: one file per artifact, <c>bundle.json</c> and
/// <c>diagnostics.txt</c>. <c>UPDATE_GOLDEN=1 dotnet test</c> rewrites changed artifacts and prints what changed;
/// diagnostics are only rewritten with <c>UPDATE_GOLDEN=diagnostics</c>, so an expected error never silently moves.
/// </summary>
public class GoldenCaseTests(ITestOutputHelper output)
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(CasesRoot).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(dir));
        }

        return data;
    }

    private static string CasesRoot => Path.Combine(RepoData.RepoRoot, "tests", "cases");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compiles_to_the_reviewed_artifacts(string name)
    {
        var caseDir = Path.Combine(CasesRoot, name);
        var policyPath = PolicyOf(caseDir);
        var relative = Path.GetRelativePath(RepoData.RepoRoot, policyPath).Replace('\\', '/');
        CompilationResult result;
        var previous = Environment.CurrentDirectory;
        try
        {
            // Paths in diagnostics and in the bundle are relative to the repository root, as in the README's commands.
            Environment.CurrentDirectory = RepoData.RepoRoot;
            result = PolicyCompilation.CompileFile(relative);
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }

        var actual = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["diagnostics.txt"] = string.Concat(result.Diagnostics.Select(d => d + "\n")),
        };
        if (!result.HasErrors)
        {
            foreach (var artifact in result.Profiles.SelectMany(p => p.Artifacts))
            {
                actual[artifact.FileName] = artifact.Text.EndsWith('\n') ? artifact.Text : artifact.Text + "\n";
            }

            actual[OutputWriter.BundleFileName] = BundleWriter.ToText(BundleWriter.ToJson(result, relative, new HookSettings()));
        }

        var expectedDir = Path.Combine(caseDir, "expected");
        var update = Environment.GetEnvironmentVariable("UPDATE_GOLDEN");
        var mismatches = new List<string>();
        foreach (var (file, text) in actual)
        {
            var path = Path.Combine(expectedDir, file);
            var expected = File.Exists(path) ? File.ReadAllText(path) : null;
            if (expected == text)
            {
                continue;
            }

            var mayUpdate = update == "diagnostics" || (update == "1" && file != "diagnostics.txt");
            if (mayUpdate)
            {
                AtomicFile.WriteAllText(path, text);
                output.WriteLine($"UPDATED {name}/expected/{file}:\n{Diff(expected ?? string.Empty, text)}");
            }
            else
            {
                mismatches.Add($"{file}:\n{Diff(expected ?? string.Empty, text)}");
            }
        }

        foreach (var stale in Directory.Exists(expectedDir) ? Directory.GetFiles(expectedDir) : [])
        {
            var file = Path.GetFileName(stale);
            if (!actual.ContainsKey(file))
            {
                if (update is "1" or "diagnostics")
                {
                    File.Delete(stale);
                    output.WriteLine($"REMOVED {name}/expected/{file}");
                }
                else
                {
                    mismatches.Add($"{file}: expected but no longer produced");
                }
            }
        }

        Assert.True(mismatches.Count == 0, $"case {name} differs from its golden files (review, then UPDATE_GOLDEN=1):\n{string.Join("\n", mismatches)}");
    }

    private static string PolicyOf(string caseDir)
    {
        var own = Path.Combine(caseDir, "policy.cpupolicy");
        if (File.Exists(own))
        {
            return own;
        }

        var pointer = Path.Combine(caseDir, "example.txt");
        Assert.True(File.Exists(pointer), $"{caseDir} has neither policy.cpupolicy nor example.txt");
        return Path.Combine(RepoData.RepoRoot, File.ReadAllText(pointer).Trim());
    }

    /// <summary>A small line diff (removed lines with '-', added with '+'), enough to review a golden change.</summary>
    private static string Diff(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var text = new StringBuilder();
        foreach (var line in a.Except(b))
        {
            text.Append("  - ").AppendLine(line);
        }

        foreach (var line in b.Except(a))
        {
            text.Append("  + ").AppendLine(line);
        }

        return text.ToString();
    }
}
