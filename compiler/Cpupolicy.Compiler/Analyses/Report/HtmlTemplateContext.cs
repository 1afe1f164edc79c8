using Scriban;
using Scriban.Parsing;

namespace Cpupolicy.Compiler.Analyses.Report;

/// <summary>
/// The Scriban context every HTML template renders in. INVARIANT: every value a template prints, <c>{{ x }}</c>,
/// goes through <see cref="HtmlText.Escape"/>: Scriban sends each expression's result through
/// <see cref="Write(SourceSpan, object?)"/>, and only the template's own literal text takes the other path. There is
/// no raw-output function, so a template author cannot forget to escape nor opt out; a value built from markup
/// (a <c>capture</c>) comes out escaped twice, visibly, instead of live. The model builder therefore hands raw
/// strings, never pre-escaped ones.
/// </summary>
/// <remarks>
/// Also: an unknown variable or member is an error (a template typo fails the render instead of printing nothing),
/// there is no template loader (no <c>include</c>), and Scriban's default caps are lifted: its loop limit of 1000
/// iterations and 1 MB of output would cut the page of a large fleet.
/// </remarks>
public sealed class HtmlTemplateContext : TemplateContext
{
    public HtmlTemplateContext()
    {
        StrictVariables = true;
        EnableRelaxedMemberAccess = false;
        LoopLimit = 0;
        LimitToString = 0;
        NewLine = "\n";
    }

    public override TemplateContext Write(SourceSpan span, object? textAsObject)
    {
        if (textAsObject is not null && ObjectToString(textAsObject) is { } text)
        {
            Write(HtmlText.Escape(text));
        }

        return this;
    }
}
