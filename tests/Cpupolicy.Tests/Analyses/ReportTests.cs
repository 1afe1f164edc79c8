using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Cpupolicy.Tests.Cli;
using Xunit.Abstractions;

namespace Cpupolicy.Tests.Analyses;

/// <summary>
/// <c>cpupolicy report</c>: the page is self-contained and deterministic, and headless Chromium renders it: a
/// screenshot with the heatmap's colours, every matrix cell in the DOM, no console error.
/// </summary>
public sealed partial class ReportTests(ITestOutputHelper output) : IDisposable
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

    [Theory]
    [InlineData("xcpng-homelab", "Checked by XAPI, before it starts or migrates a VM; by Xen,", "libvirt")]
    [InlineData("harvester-cascadelake", "Checked by KubeVirt", "XAPI")]
    [InlineData("epyc-generations", "Checked by libvirt, before it starts or migrates a domain; by QEMU,", "XAPI")]
    public void The_subtitle_names_the_checks_of_the_policy_targets_only(string example, string says, string absent)
    {
        var page = Path.Combine(examples.Temp, example + ".html");
        Assert.Equal(0, CliRunner.Run("report", "--policy", Examples.Path(example), "--out", page).ExitCode);
        var subtitle = Regex.Match(File.ReadAllText(page), "<p class=\"sub\">(.*?)</p>").Groups[1].Value;
        Assert.Contains(says, subtitle, StringComparison.Ordinal);
        Assert.DoesNotContain(absent, subtitle, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void A_20_host_10_profile_report_fits_a_1280_pixel_window_with_short_host_labels_and_folded_cells()
    {
        var policy = GenerateFleetPolicy(examples.Temp);
        var page = Path.Combine(examples.Temp, "fleet.html");
        var result = CliRunner.Run("report", "--policy", policy, "--out", page);
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        Assert.StartsWith("wrote ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("20 hosts x 10 profiles", result.Stdout, StringComparison.Ordinal);
        var html = File.ReadAllText(page);

        // A host's label is its name; the inventory's absolute path is only on hover (a title attribute).
        Assert.Contains($"title=\"rack01-node01-cascadelake: Intel, from &quot;{Examples.Folder}/hosts/", html, StringComparison.Ordinal);
        Assert.Contains(">rack01-node01-cascadelake<small>Intel</small></th>", html, StringComparison.Ordinal);
        Assert.DoesNotContain(Examples.Folder, TitleAttribute().Replace(html, string.Empty), StringComparison.Ordinal);

        // The wording fits a libvirt-only policy.
        Assert.Contains("Checked by libvirt, before it starts or migrates a domain.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("XAPI", html, StringComparison.Ordinal);

        // Each blocked cell folds its features: one <details> per cell with a missing feature.
        var blocked = DataMissing().Matches(html).Count(m => m.Groups[1].Value != "0");
        Assert.True(blocked > 50, $"only {blocked} blocked cells: the generated fleet should block most pairs");
        Assert.Equal(blocked, Details().Count(html));

        // Measured in a 1280 px window: no horizontal overflow, compact cells. The report has no script; the measuring
        // copy gets one that writes the numbers into the DOM, read back with --dump-dom.
        var measuring = Path.Combine(examples.Temp, "fleet-measure.html");
        File.WriteAllText(measuring, html.Replace("</body>", MeasureScript + "</body>", StringComparison.Ordinal));
        var (dom, log) = Chromium.RunAt(1280, 900, measuring, "--dump-dom");
        var measured = Measured().Match(dom);
        Assert.True(measured.Success, $"no measurement in the DOM; chromium said:\n{log}");
        int Value(string name) => int.Parse(measured.Groups[name].Value, CultureInfo.InvariantCulture);
        output.WriteLine($"scrollWidth {Value("width")}, page height {Value("height")}, tallest cell {Value("cell")} px, host column {Value("host")} px");
        Assert.True(Value("width") <= 1280, $"the page is {Value("width")} px wide in a 1280 px window");
        Assert.True(Value("cell") <= 64, $"the tallest matrix cell is {Value("cell")} px: the cells should be compact");
        Assert.True(Value("host") <= 240, $"the host column is {Value("host")} px wide");

        // A screenshot of the whole page, kept beside the test binaries for a person to look at.
        var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;
        var shot = Path.Combine(folder, "report-20-hosts-10-profiles.png");
        File.Delete(shot);
        _ = Chromium.RunAt(1280, Math.Min(Value("height") + 20, 4000), page, $"--screenshot={shot}");
        Assert.True(File.Exists(shot), "no screenshot");
        Assert.Equal(1280, PngImage.Read(File.ReadAllBytes(shot)).Width);
        output.WriteLine($"screenshot: {shot}");
    }

    public void Dispose() => examples.Dispose();

    private const string MeasureScript =
        "<script>window.addEventListener('load', () => { const e = document.documentElement; " +
        "const cell = Math.max(...[...document.querySelectorAll('#matrix td.cell')].map(c => c.offsetHeight)); " +
        "const host = document.querySelector('#matrix tbody th').offsetWidth; " +
        "const p = document.createElement('pre'); p.id = 'measure'; " +
        "p.textContent = `width=${e.scrollWidth} height=${e.scrollHeight} cell=${cell} host=${host}`; document.body.appendChild(p); });</script>";

    /// <summary>
    /// A libvirt-only policy of 20 hosts (9 from the bundled inventories, by absolute path; 11 by QEMU model, Intel
    /// and AMD) and 10 profiles, with long host and profile names: the shape of a real fleet's report.
    /// </summary>
    private static string GenerateFleetPolicy(string folder)
    {
        string[] files =
        [
            "rack01-node01-cascadelake Xeon-Platinum-9242", "rack01-node02-cooperlake Cooperlake", "rack01-node03-icelake Ice-Lake-Server",
            "rack02-node04-haswell Xeon-E5-2630-v3", "rack02-node05-skylake Xeon-Gold-6130", "rack02-node06-skylake Xeon-Gold-6148",
            "rack03-node07-ivybridge Core-i7-3770", "rack03-node08-naples EPYC-7601-32-Core", "rack03-node09-zen2 Ryzen-9-3900X-12-Core",
        ];
        string[] models =
        [
            "rack04-node10-milan EPYC-Milan-v2", "rack04-node11-rome EPYC-Rome-v4", "rack04-node12-genoa EPYC-Genoa-v1",
            "rack05-node13-spr SapphireRapids-v2", "rack05-node14-broadwell Broadwell-v4", "rack05-node15-cascadelake Cascadelake-Server-v5",
            "rack06-node16-icelake Icelake-Server-v7", "rack06-node17-skylake Skylake-Server-v5", "rack06-node18-haswell Haswell-v4",
            "rack07-node19-spr SapphireRapids-v2", "rack07-node20-milan EPYC-Milan-v2",
        ];
        var text = new StringBuilder();
        foreach (var (name, file) in files.Select(Split))
        {
            text.Append(CultureInfo.InvariantCulture, $"host {name} from \"{Examples.Folder}/hosts/x86_64-cpuid-{file}.xml\"\n");
        }

        foreach (var (name, model) in models.Select(Split))
        {
            text.Append(CultureInfo.InvariantCulture, $"host {name} is {model}\n");
        }

        var hosts = files.Concat(models).Select(h => Split(h).Name).ToList();
        string Pool(Func<string, bool> keep) => string.Join(", ", hosts.Where(keep));
        bool Amd(string host) => host.Contains("naples", StringComparison.Ordinal) || host.Contains("zen2", StringComparison.Ordinal)
            || host.Contains("milan", StringComparison.Ordinal) || host.Contains("rome", StringComparison.Ordinal) || host.Contains("genoa", StringComparison.Ordinal);
        text.Append(CultureInfo.InvariantCulture, $"pool intel = {Pool(h => !Amd(h))}\n");
        text.Append(CultureInfo.InvariantCulture, $"pool amd = {Pool(Amd)}\n");
        text.Append("pool newer-intel = rack01-node03-icelake, rack05-node13-spr, rack06-node16-icelake, rack07-node19-spr\n");
        text.Append("pool newer-amd = rack04-node10-milan, rack04-node11-rome, rack04-node12-genoa, rack07-node20-milan\n");
        text.Append("""
            profile intel-everywhere = baseline(intel) - {xsaves} { vendor intel }
            profile amd-everywhere = baseline(amd) - {xsaves} { vendor amd }
            profile intel-newer = baseline(newer-intel) - {xsaves} { vendor intel }
            profile amd-newer = baseline(newer-amd) - {xsaves} { vendor amd }
            profile sapphire-rapids-database-tier = rack05-node13-spr - {xsaves}
            profile genoa-analytics = rack04-node12-genoa - {xsaves}
            profile cascadelake-general = rack05-node15-cascadelake - {xsaves}
            profile skylake-legacy = rack06-node17-skylake - {xsaves}
            profile icelake-crypto = rack06-node16-icelake - {xsaves}
            profile haswell-oldest = rack06-node18-haswell - {xsaves}
            vm "db-*" uses sapphire-rapids-database-tier
            vm "analytics-*" uses genoa-analytics
            vm "web-*" uses intel-everywhere
            vm "crypto-*" uses icelake-crypto
            vm "legacy-*" uses skylake-legacy
            default uses intel-newer
            target libvirt { model auto }

            """);
        var path = Path.Combine(folder, "fleet.cpupolicy");
        File.WriteAllText(path, text.ToString());
        return path;

        static (string Name, string Value) Split(string pair) => (pair.Split(' ')[0], pair.Split(' ')[1]);
    }


    [GeneratedRegex(@":CONSOLE\(\d+\)\]")]
    private static partial Regex ConsoleMessage();

    [GeneratedRegex("<td class=\"cell ")]
    private static partial Regex CellMarker();

    [GeneratedRegex("title=\"[^\"]*\"")]
    private static partial Regex TitleAttribute();

    [GeneratedRegex("data-missing=\"(\\d+)\"")]
    private static partial Regex DataMissing();

    [GeneratedRegex("<details>")]
    private static partial Regex Details();

    [GeneratedRegex(@"width=(?<width>\d+) height=(?<height>\d+) cell=(?<cell>\d+) host=(?<host>\d+)")]
    private static partial Regex Measured();
}
