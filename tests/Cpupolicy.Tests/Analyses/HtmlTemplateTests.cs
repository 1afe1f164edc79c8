using System.Reflection;
using Cpupolicy.Compiler;
using Cpupolicy.Cli.Commands;
using Cpupolicy.Compiler.Analyses;
using Cpupolicy.Compiler.Analyses.Report;
using Cpupolicy.Core.Database;
using Cpupolicy.Compiler.Emit;
using Scriban.Runtime;
using Scriban.Syntax;

namespace Cpupolicy.Tests.Analyses;

/// <summary>
/// The Scriban HTML templates (<c>Analyses/Report/*.sbn-html</c>): every embedded template parses, every printed
/// value is escaped whatever the template does, and the report's model is built by hand from Scriban's own types.
/// </summary>
public sealed class HtmlTemplateTests : IDisposable
{
    private const string Script = "<script>alert(1)</script>";
    private const string Specials = "&\"'<>";

    private readonly Examples examples = new();

    public static TheoryData<string> BundledExamples() =>
        new(Directory.GetFiles(Examples.Folder, "*.cpupolicy").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal));

    [Fact]
    public void Every_embedded_template_parses_without_a_Scriban_diagnostic()
    {
        var assemblies = new[] { typeof(HtmlTemplate).Assembly, typeof(ReportCommand).Assembly };
        var templates = assemblies
            .SelectMany(a => a.GetManifestResourceNames().Select(name => (Assembly: a, Name: name)))
            .Where(r => r.Name.EndsWith(".sbn-html", StringComparison.Ordinal) || r.Name.EndsWith(".scriban", StringComparison.Ordinal))
            .ToList();
        Assert.Contains(templates, t => t.Name == HtmlTemplate.ResourcePrefix + "compatibility-report.sbn-html");

        var diagnostics = templates.SelectMany(t => HtmlTemplate.Diagnostics(t.Name, Read(t.Assembly, t.Name))).ToList();
        Assert.True(diagnostics.Count == 0, string.Join('\n', diagnostics));
    }

    [Fact]
    public void A_template_error_names_the_template_line_and_column()
    {
        const string broken = "<p>\n  {{ for host in hosts }}\n  <b>{{ host ) }}</b>\n  {{ end }}\n";
        var diagnostics = HtmlTemplate.Diagnostics("broken.sbn-html", broken);
        Assert.NotEmpty(diagnostics);
        Assert.StartsWith("broken.sbn-html, line 3, column 14: error: ", diagnostics[0], StringComparison.Ordinal);
        var error = Assert.Throws<InvalidOperationException>(() => HtmlTemplate.Parse("broken.sbn-html", broken));
        Assert.Contains("broken.sbn-html, line 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hostile_host_profile_glob_and_policy_path_come_out_escaped_in_the_report()
    {
        // The grammar keeps `<` out of host and profile names, so the host is renamed in the matrix and the profile in
        // the model: escaping must not depend on the model builder. The VM glob and the policy path come from input.
        var text = File.ReadAllText(examples.Variant("harvester-cascadelake", "hostile", ("vm \"inference-*\"", $"vm \"{Script}\"")));
        var policy = FleetPolicy.From($"fleet {Specials}.cpupolicy", Compilation.Compile(text, $"fleet {Specials}.cpupolicy"));
        Assert.False(policy.HasErrors, string.Join('\n', policy.Diagnostics));
        var matrix = CompatibilityMatrix.Build(policy);
        string Rename(string host) => host == "csl-node-1" ? Script : host;
        matrix = matrix with
        {
            Hosts = matrix.Hosts.Select(h => h with { Name = Rename(h.Name) }).ToList(),
            Cells = matrix.Cells.Select(c => c with { Host = Rename(c.Host) }).ToList(),
        };
        var model = ReportRenderer.Model(matrix, policy, FeatureDatabase.Default);
        var profile = (ScriptObject)((ScriptArray)model["profiles"]!)[0]!;
        profile["name"] = Specials;

        var html = HtmlTemplate.Embedded("compatibility-report.sbn-html").Render(model);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Specials, html, StringComparison.Ordinal);
        Assert.Contains("<th title=\"&lt;script&gt;alert(1)&lt;/script&gt;: Intel, from &quot;", html, StringComparison.Ordinal);
        Assert.Contains(">&lt;script&gt;alert(1)&lt;/script&gt;<small>", html, StringComparison.Ordinal);
        Assert.Contains("title=\"icelake cannot run on &lt;script&gt;alert(1)&lt;/script&gt;:", html, StringComparison.Ordinal);
        Assert.Contains("<td>&quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;</td>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><th>&amp;&quot;&#x27;&lt;&gt;</th>", html, StringComparison.Ordinal);
        Assert.Contains("<title>cpupolicy report: fleet &amp;&quot;&#x27;&lt;&gt;.cpupolicy</title>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{{ x }}", "&lt;b&gt;")]
    [InlineData("{{ x | string.upcase }}", "&lt;B&gt;")]
    [InlineData("{{ \"<i>\" + x }}", "&lt;i&gt;&lt;b&gt;")]
    [InlineData("{{ capture c }}<i>{{ x }}</i>{{ end }}{{ c }}", "&lt;i&gt;&amp;lt;b&amp;gt;&lt;/i&gt;")]
    [InlineData("{{ html.escape x }}", "&amp;lt;b&amp;gt;")]
    [InlineData("{{ [x] }}", "[&quot;&lt;b&gt;&quot;]")]
    public void Every_printed_value_is_escaped_whatever_the_template_does(string template, string expected)
    {
        var model = new ScriptObject { ["x"] = "<b>" };
        Assert.Equal(expected, HtmlTemplate.Parse("inline.sbn-html", template).Render(model));
    }

    [Fact]
    public void An_unknown_variable_or_member_is_a_render_error_not_an_empty_string()
    {
        var model = new ScriptObject { ["row"] = new ScriptObject { ["host"] = "a" } };
        Assert.Throws<ScriptRuntimeException>(() => HtmlTemplate.Parse("typo.sbn-html", "{{ rows }}").Render(model));
        Assert.Throws<ScriptRuntimeException>(() => HtmlTemplate.Parse("typo.sbn-html", "{{ row.hots }}").Render(model));
    }

    [Fact]
    public void A_large_fleet_is_not_cut_by_Scriban_default_loop_and_output_limits()
    {
        var model = new ScriptObject { ["cell"] = new string('x', 1000) };
        var html = HtmlTemplate.Parse("large.sbn-html", "{{ for i in 1..3000 }}{{ cell }}{{ end }}").Render(model);
        Assert.Equal(3000 * 1000, html.Length);
    }

    [Theory]
    [MemberData(nameof(BundledExamples))]
    public void The_report_model_of_each_example_holds_only_script_objects_arrays_and_primitives(string example)
    {
        var policy = FleetPolicy.Load(Examples.Path(example));
        Assert.False(policy.HasErrors, string.Join('\n', policy.Diagnostics));
        var model = ReportRenderer.Model(CompatibilityMatrix.Build(policy), policy, FeatureDatabase.Default);
        AssertPlain(model, "model");
        Assert.Contains("<table class=\"matrix\" id=\"matrix\">", ReportRenderer.Render(CompatibilityMatrix.Build(policy), policy, FeatureDatabase.Default), StringComparison.Ordinal);
    }

    public void Dispose() => examples.Dispose();

    private static void AssertPlain(object? value, string path)
    {
        switch (value)
        {
            case null or string or int or bool:
                return;
            case ScriptObject o:
                foreach (var (key, member) in o)
                {
                    AssertPlain(member, $"{path}.{key}");
                }

                return;
            case ScriptArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    AssertPlain(a[i], $"{path}[{i}]");
                }

                return;
            default:
                Assert.Fail($"{path} is a {value.GetType().Name}: the model must be ScriptObject/ScriptArray/string/int/bool (no reflection)");
                return;
        }
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
