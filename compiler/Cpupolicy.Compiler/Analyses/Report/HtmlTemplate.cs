using Scriban;
using Scriban.Runtime;

namespace Cpupolicy.Compiler.Analyses.Report;

/// <summary>
/// A Scriban HTML template embedded in this assembly (<c>Analyses/Report/*.sbn-html</c>, resource
/// <c>Cpupolicy.Report.NAME</c>), rendered in an <see cref="HtmlTemplateContext"/> so every printed value is escaped.
/// The model is a <see cref="ScriptObject"/> built by hand (no reflection over domain types, so NativeAOT stays
/// warning-free). A test parses every embedded template, so a syntax error fails the build's tests, not a user.
/// </summary>
public sealed class HtmlTemplate
{
    /// <summary>The manifest-resource prefix of the embedded templates.</summary>
    public const string ResourcePrefix = "Cpupolicy.Report.";

    private readonly Template template;

    private HtmlTemplate(Template template) => this.template = template;

    /// <summary>Parses <paramref name="text"/>; throws with Scriban's messages (see <see cref="Diagnostics"/>) when it has any.</summary>
    public static HtmlTemplate Parse(string name, string text)
    {
        var template = Template.Parse(text, name);
        var diagnostics = Diagnostics(name, template);
        if (template.HasErrors || diagnostics.Count > 0)
        {
            throw new InvalidOperationException($"template {name} does not parse:\n{string.Join('\n', diagnostics)}");
        }

        return new HtmlTemplate(template);
    }

    /// <summary>Scriban's parse messages (errors and warnings), each as <c>NAME, line L, column C: error: MESSAGE</c> (1-based).</summary>
    public static IReadOnlyList<string> Diagnostics(string name, string text) => Diagnostics(name, Template.Parse(text, name));

    private static List<string> Diagnostics(string name, Template template) =>
        template.Messages
            .Select(m => $"{name}, line {m.Span.Start.Line + 1}, column {m.Span.Start.Column + 1}: {m.Type.ToString().ToLowerInvariant()}: {m.Message}")
            .ToList();

    /// <summary>Loads and parses the embedded template <paramref name="fileName"/>, e.g. <c>compatibility-report.sbn-html</c>.</summary>
    public static HtmlTemplate Embedded(string fileName)
    {
        var resource = ResourcePrefix + fileName;
        using var stream = typeof(HtmlTemplate).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"embedded resource {resource} is missing from the build");
        using var reader = new StreamReader(stream);
        return Parse(resource, reader.ReadToEnd());
    }

    public string Render(ScriptObject model)
    {
        var context = new HtmlTemplateContext();
        context.PushGlobal(model);
        return template.Render(context);
    }
}
