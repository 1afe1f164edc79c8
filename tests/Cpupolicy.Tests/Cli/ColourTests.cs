using Cpupolicy.Cli;
using Cpupolicy.Cli.Infrastructure;
using Cpupolicy.Cli.Output;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Tests.Analyses;
using Cpupolicy.Tests.Hooks;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Cli;

/// <summary>
/// Colour on a terminal: verdicts green, red or yellow, diagnostics' levels red or yellow, names bold; nothing at all
/// with <c>--json</c>, with <c>NO_COLOR</c> (any value), or when the stream is not a terminal, so captured output is
/// byte for byte the plain text.
/// </summary>
public sealed class ColourTests
{
    private const char Escape = '\u001b';

    private static string Hosts => Path.Combine(Examples.Folder, "hosts");

    [Theory]
    [InlineData(false, true, null, true)]
    [InlineData(false, false, null, false)]
    [InlineData(true, true, null, false)]
    [InlineData(false, true, "1", false)]
    [InlineData(false, true, "", false)]
    [InlineData(false, true, "0", false)]
    public void Colour_is_for_human_output_to_a_terminal_without_NO_COLOR(bool json, bool terminal, string? noColor, bool expected)
    {
        Assert.Equal(expected, ColourChoice.Enabled(json, terminal, name => name == "NO_COLOR" ? noColor : null));
        Assert.Equal(expected, ColourChoice.For(json, terminal, name => name == "NO_COLOR" ? noColor : null).Enabled);
    }

    [Fact]
    public void An_unpainted_stream_gets_the_text_unchanged_and_a_painted_one_gets_SGR_sequences()
    {
        var diagnostic = new Diagnostic(Severity.Warning, "CP0101", "`avx3` is not a feature", SourceSpan.WholeFile("p.cpupolicy"), "did you mean `avx2`?");
        Assert.Equal("compatible", Paint.None.Good("compatible"));
        Assert.Equal("zeus", Paint.None.Bold("zeus"));
        Assert.Equal(diagnostic.ToString(), Paint.None.Diagnostic(diagnostic));

        var paint = new Paint(true);
        Assert.Equal("\u001b[32mcompatible\u001b[0m", paint.Good("compatible"));
        Assert.Equal("\u001b[31mINCOMPATIBLE\u001b[0m", paint.Bad("INCOMPATIBLE"));
        Assert.Equal("\u001b[33mdepends\u001b[0m", paint.Unsure("depends"));
        Assert.Equal("\u001b[1mzeus\u001b[0m", paint.Bold("zeus"));
        var painted = paint.Diagnostic(diagnostic);
        Assert.Contains("\u001b[33mwarning\u001b[0m \u001b[1mCP0101\u001b[0m: `avx3` is not a feature", painted, StringComparison.Ordinal);
        Assert.Equal(diagnostic.ToString(), Strip(painted));
    }

    [Theory]
    [InlineData(null, false, true)]
    [InlineData("1", false, false)]
    [InlineData(null, true, false)]
    public void The_cli_paints_a_verdict_and_a_diagnostic_only_when_colour_is_chosen(string? noColor, bool json, bool painted)
    {
        var args = new List<string> { "migrate", "--vm", Path.Combine(Hosts, "x86_64-cpuid-Xeon-Gold-6130.xml"), "--to", Path.Combine(Hosts, "x86_64-cpuid-Core-i7-3770.xml") };
        if (json)
        {
            args.Add("--json");
        }

        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var io = new CliIo(stdout, stderr, new StringReader(string.Empty), StdoutIsTerminal: true) { StderrIsTerminal = true, Env = name => name == "NO_COLOR" ? noColor : null };
        Assert.Equal(3, CliApp.Run([.. args], io));
        Assert.Equal(painted, stdout.ToString().Contains(Escape, StringComparison.Ordinal));
        if (painted)
        {
            Assert.Contains("verdict:  \u001b[31mINCOMPATIBLE\u001b[0m", stdout.ToString(), StringComparison.Ordinal);
        }

        var bad = new StringWriter();
        var badIo = io with { Stdout = new StringWriter(), Stderr = bad };
        Assert.Equal(1, CliApp.Run(json ? ["check", "/no/such.cpupolicy", "--json"] : ["check", "/no/such.cpupolicy"], badIo));
        Assert.Equal(painted, bad.ToString().Contains("\u001b[31merror\u001b[0m", StringComparison.Ordinal));
        Assert.Equal(painted, bad.ToString().Contains(Escape, StringComparison.Ordinal));
    }

    [SkippableFact]
    public void Under_a_pseudo_terminal_the_built_cli_prints_colour_and_piped_or_with_NO_COLOR_it_does_not()
    {
        // util-linux `script` runs the command on a pty and copies what it writes to our pipe.
        var script = Peers.RequireExecutable("script");
        string Command(string vm, string to) =>
            $"'{ChildProcess.Dotnet}' '{ChildProcess.CliDll}' migrate --vm '{Path.Combine(Hosts, vm)}' --to '{Path.Combine(Hosts, to)}'";
        var compatible = Command("x86_64-cpuid-Core-i7-3770.xml", "x86_64-cpuid-Xeon-Gold-6130.xml");
        var incompatible = Command("x86_64-cpuid-Xeon-Gold-6130.xml", "x86_64-cpuid-Core-i7-3770.xml");
        ProcessResult OnPty(string command, string? noColor) =>
            ChildProcess.Run(script, ["-qec", command, "/dev/null"], new Dictionary<string, string?> { ["NO_COLOR"] = noColor, ["TERM"] = "xterm" }, null, TimeSpan.FromMinutes(2));

        var green = OnPty(compatible, null);
        Assert.True(green.ExitCode == 0, green.StdoutText + green.Stderr);
        Assert.Contains("verdict:  \u001b[32mcompatible\u001b[0m", green.StdoutText, StringComparison.Ordinal);
        Assert.Contains("host:     \u001b[1mx86_64-cpuid-Xeon-Gold-6130\u001b[0m", green.StdoutText, StringComparison.Ordinal);

        var red = OnPty(incompatible, null);
        Assert.Equal(3, red.ExitCode);
        Assert.Contains("verdict:  \u001b[31mINCOMPATIBLE\u001b[0m", red.StdoutText, StringComparison.Ordinal);

        var off = OnPty(incompatible, "1");
        Assert.Equal(3, off.ExitCode);
        Assert.Contains("verdict:  INCOMPATIBLE", off.StdoutText, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[3", off.StdoutText, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[1m", off.StdoutText, StringComparison.Ordinal);

        var piped = ChildProcess.Cpupolicy(new Dictionary<string, string?>(), null, TimeSpan.FromMinutes(2), "migrate", "--vm", Path.Combine(Hosts, "x86_64-cpuid-Xeon-Gold-6130.xml"), "--to", Path.Combine(Hosts, "x86_64-cpuid-Core-i7-3770.xml"));
        Assert.Equal(3, piped.ExitCode);
        Assert.Contains("verdict:  INCOMPATIBLE", piped.StdoutText, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", piped.StdoutText + piped.Stderr, StringComparison.Ordinal);
    }

    private static string Strip(string text) => System.Text.RegularExpressions.Regex.Replace(text, "\u001b\\[[0-9;]*m", string.Empty);
}
