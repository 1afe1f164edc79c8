using System.Text.RegularExpressions;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Docs;

/// <summary>
/// One fenced code block of a Markdown file: its language (the first word of the info string), its markers (the
/// other words, <c>key=value</c> or bare <c>key</c>), and its body. <see cref="Line"/> is the 1-based line of the
/// opening fence, so a failing example can be found by file and line.
/// </summary>
public sealed partial record FencedBlock(string File, int Line, string Language, IReadOnlyDictionary<string, string?> Markers, IReadOnlyList<string> BodyLines)
{
    /// <summary>The Markdown files whose examples the docs tests check, relative to the repository root.</summary>
    public static IReadOnlyList<string> DocumentFiles { get; } =
        ["README.md", .. Directory.GetFiles(Path.Combine(RepoData.RepoRoot, "docs"), "*.md")
            .Select(f => "docs/" + Path.GetFileName(f))
            .Order(StringComparer.Ordinal)];

    public string Body => string.Concat(BodyLines.Select(l => l + "\n"));

    /// <summary><c>docs/cli.md:42</c>, for test names and messages.</summary>
    public string Where => $"{File}:{Line}";

    /// <summary>Every fenced block of every document in <see cref="DocumentFiles"/>.</summary>
    public static IEnumerable<FencedBlock> All() => DocumentFiles.SelectMany(Read);

    public static IEnumerable<FencedBlock> Read(string relativePath)
    {
        var lines = System.IO.File.ReadAllLines(Path.Combine(RepoData.RepoRoot, relativePath));
        for (var i = 0; i < lines.Length; i++)
        {
            var open = Fence().Match(lines[i]);
            if (!open.Success)
            {
                continue;
            }

            var fence = open.Groups["fence"].Value;
            var words = open.Groups["info"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var markers = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var word in words.Skip(1))
            {
                var eq = word.IndexOf('=', StringComparison.Ordinal);
                markers[eq < 0 ? word : word[..eq]] = eq < 0 ? null : word[(eq + 1)..];
            }

            var start = i;
            var body = new List<string>();
            for (i++; i < lines.Length && !lines[i].TrimStart().StartsWith(fence, StringComparison.Ordinal); i++)
            {
                body.Add(lines[i]);
            }

            Assert.True(i < lines.Length, $"{relativePath}:{start + 1}: the code block is never closed");
            yield return new FencedBlock(relativePath, start + 1, words.Length == 0 ? string.Empty : words[0], markers, body);
        }
    }

    [GeneratedRegex(@"^\s{0,3}(?<fence>```+|~~~+)(?<info>[^`]*)$")]
    private static partial Regex Fence();
}
