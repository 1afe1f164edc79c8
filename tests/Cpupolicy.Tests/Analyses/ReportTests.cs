using System.Text.RegularExpressions;
using Cpupolicy.Tests.Cli;

namespace Cpupolicy.Tests.Analyses;

/// <summary>
/// <c>cpupolicy report</c>: the page is self-contained and deterministic, and headless Chromium renders it: a
/// screenshot with the heatmap's colours, every matrix cell in the DOM, no console error.
/// </summary>
public sealed partial class ReportTests : IDisposable
{
    private readonly Examples examples = new();

    [Fact]
    public void The_page_is_self_contained_deterministic_and_written_atomically()
    {
        var first = Path.Combine(examples.Temp, "a", "report.html");
        var second = Path.Combine(examples.Temp, "b", "report.html");
        var result = CliRunner.Run("report", "--policy", Examples.Path("harvester-cascadelake"), "--out", first, "--json");
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        Assert.True(CliRunner.Run("report", "--policy", Examples.Path("harvester-cascadelake"), "--out", second).ExitCode == 0);

        var html = File.ReadAllText(first);
        Assert.Equal(html, File.ReadAllText(second));
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(@"(src|href)\s*=", html);
        Assert.Equal(["report.html"], Directory.GetFiles(Path.GetDirectoryName(first)!).Select(f => Path.GetFileName(f)).ToArray());

        // 4 hosts x 2 profiles; the icelake profile (VAES, GFNI, AVX-512 VBMI) is blocked on the Cascade and Cooper Lake nodes.
        var cells = result.Json.GetProperty("cells").EnumerateArray().ToList();
        Assert.Equal(8, cells.Count);
        var csl = cells.Single(c => c.GetProperty("host").GetString() == "csl-node-1" && c.GetProperty("profile").GetString() == "icelake");
        Assert.False(csl.GetProperty("compatible").GetBoolean());
        Assert.Contains("vaes", csl.GetProperty("missing").EnumerateArray().Select(f => f.GetProperty("name").GetString()));
        Assert.Contains("vaes", html, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Headless_chromium_renders_the_heatmap_without_console_errors()
    {
        var page = Path.Combine(examples.Temp, "report.html");
        var result = CliRunner.Run("report", "--policy", Examples.Path("harvester-cascadelake"), "--out", page);
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);

        var shot = Path.Combine(examples.Temp, "shot.png");
        var (_, log) = Chromium.Run(page, $"--screenshot={shot}", "--enable-logging=stderr", "--v=0");
        Assert.True(File.Exists(shot), $"no screenshot; chromium said:\n{log}");
        Assert.DoesNotContain("Uncaught", log, StringComparison.Ordinal);
        Assert.DoesNotMatch(ConsoleMessage(), log);

        var png = PngImage.Read(File.ReadAllBytes(shot));
        Assert.Equal((1280, 900), (png.Width, png.Height));
        var colours = new HashSet<int>();
        for (var y = 0; y < png.Height; y += 3)
        {
            for (var x = 0; x < png.Width; x += 3)
            {
                colours.Add(png.Rgb(x, y));
            }
        }

        // Not blank: text, the dark header, and the heatmap: the green of a placed compatible cell and a red blocked one.
        Assert.True(colours.Count > 50, $"only {colours.Count} distinct colours: the page looks blank");
        Assert.Contains(0x1a7f37, colours);
        Assert.Contains(colours, c => ((c >> 16) & 0xff) > 150 && ((c >> 8) & 0xff) < 110 && (c & 0xff) < 110);

        // The DOM has the whole matrix: 4 hosts x 2 profiles.
        var (dom, _) = Chromium.Run(page, "--dump-dom");
        Assert.Contains("id=\"matrix\"", dom, StringComparison.Ordinal);
        Assert.Equal(8, CellMarker().Count(dom));
    }

    public void Dispose() => examples.Dispose();

    [GeneratedRegex(@":CONSOLE\(\d+\)\]")]
    private static partial Regex ConsoleMessage();

    [GeneratedRegex("<td class=\"cell ")]
    private static partial Regex CellMarker();
}
