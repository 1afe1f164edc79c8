using System.Text.RegularExpressions;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Hostile;

/// <summary>
/// Inputs shaped to make a backtracking regular expression take exponential or quadratic time. Both were real: the
/// `migrate --vm` sniffer's QEMU `-cpu` pattern backtracked 2^n ways over n `,-name` items that end badly (found by
/// the long fuzz run), and the Xen featureset reader's "label  words" line pattern was quadratic in a line of spaces
/// (`cpupolicy host` of 300,000 spaces took 75 s of CPU). Every regex of the compiler now runs
/// <see cref="RegexOptions.NonBacktracking"/>, which is linear in the input; the last test keeps it that way.
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
    public void Every_regex_of_the_compiler_is_non_backtracking()
    {
        var folder = Path.Combine(SharedData.RepoRoot, "compiler", "Cpupolicy.Compiler");
        var offenders = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Line: i + 1, Text: line)))
            .Where(l => RegexUse().IsMatch(l.Text) && !l.Text.Contains("RegexOptions.NonBacktracking", StringComparison.Ordinal))
            .Select(l => $"{Path.GetRelativePath(SharedData.RepoRoot, l.File)}:{l.Line}: {l.Text.Trim()}")
            .ToList();
        Assert.True(offenders.Count == 0, "regexes without RegexOptions.NonBacktracking:\n" + string.Join("\n", offenders));
    }

    public void Dispose() => ws.Dispose();

    [GeneratedRegex(@"\[GeneratedRegex\(|new Regex\(|Regex\.(IsMatch|Match|Matches|Replace|Split)\(")]
    private static partial Regex RegexUse();
}
