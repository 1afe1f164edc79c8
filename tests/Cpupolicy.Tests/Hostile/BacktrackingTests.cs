using System.Text.RegularExpressions;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Hostile;

/// <summary>
/// Inputs shaped to make a backtracking regular expression take exponential or quadratic time. Both were real: the
/// `migrate --vm` sniffer's QEMU `-cpu` pattern backtracked 2^n ways over n `,-name` items that end badly (found by
/// the long fuzz run), and the Xen featureset reader's "label  words" line pattern was quadratic in a line of spaces
/// (`cpupolicy host` of 300,000 spaces took 75 s of CPU). Every regex of the compiler now runs
/// <see cref="RegexOptions.NonBacktracking"/>, which is linear in the input, except on the hook path, where its
/// start-up cost (about 100 ms of CPU for the first one in a process) is too much: those stay source-generated and
/// say on the line above why their pattern cannot backtrack more than linearly. The last test keeps it that way.
/// </summary>
public sealed partial class BacktrackingTests : IDisposable
{
    private readonly HostileWorkspace ws = new();

    [Fact]
    public void A_qemu_cpu_string_of_ambiguous_items_is_judged_in_bounded_time()
    {
        var vm = "EPYC-v3" + string.Concat(Enumerable.Repeat(",-PYC-v3", 5000)) + ",\u0010";
        File.WriteAllText(ws.PathOf("vm.txt"), vm);
        var run = ws.Run("migrate", "--vm", ws.PathOf("vm.txt"), "--to", ws.PathOf("hosts/x86_64-cpuid-Core-i7-3770.xml"));
        HostileAssert.Rejected(run, "vm.txt");
    }

    [Fact]
    public void A_line_of_a_million_spaces_is_not_an_inventory_and_says_so_in_bounded_time()
    {
        File.WriteAllText(ws.PathOf("spaces.txt"), "A" + new string(' ', 1_000_000) + "x\n");
        var run = ws.Run("host", ws.PathOf("spaces.txt"));
        HostileAssert.Rejected(run, "spaces.txt");
        Assert.Contains("CP0401", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_regex_of_the_compiler_is_non_backtracking_or_says_why_it_is_linear()
    {
        var folder = Path.Combine(RepoData.RepoRoot, "compiler", "Cpupolicy.Compiler");
        var offenders = new List<string>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var justified = i > 0 && lines[i - 1].TrimStart().StartsWith("// Backtracking", StringComparison.Ordinal)
                    && lines[i - 1].Contains("Linear:", StringComparison.Ordinal);
                if (RegexUse().IsMatch(lines[i]) && !lines[i].Contains("RegexOptions.NonBacktracking", StringComparison.Ordinal) && !justified)
                {
                    offenders.Add($"{Path.GetRelativePath(RepoData.RepoRoot, file)}:{i + 1}: {lines[i].Trim()}");
                }
            }
        }

        Assert.True(offenders.Count == 0, "regexes neither NonBacktracking nor justified by a `// Backtracking ... Linear: why` line:\n" + string.Join("\n", offenders));
    }

    public void Dispose() => ws.Dispose();

    [GeneratedRegex(@"\[GeneratedRegex\(|new Regex\(|Regex\.(IsMatch|Match|Matches|Replace|Split)\(")]
    private static partial Regex RegexUse();
}
