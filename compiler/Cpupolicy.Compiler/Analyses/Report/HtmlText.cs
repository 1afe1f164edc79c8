using System.Buffers;
using System.Text;

namespace Cpupolicy.Compiler.Analyses.Report;

/// <summary>
/// Escapes text for HTML element content and quoted attribute values: the characters Handlebars escaped
/// (<c>&amp; &lt; &gt; " ' ` =</c>), so the report's bytes did not change when it moved to Scriban. Other characters,
/// non-ASCII included, pass through: the page is UTF-8 (<c>&lt;meta charset&gt;</c>).
/// </summary>
public static class HtmlText
{
    private static readonly SearchValues<char> Special = SearchValues.Create("&<>\"'`=");

    public static string Escape(string text)
    {
        if (text.AsSpan().IndexOfAny(Special) < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            _ = c switch
            {
                '&' => escaped.Append("&amp;"),
                '<' => escaped.Append("&lt;"),
                '>' => escaped.Append("&gt;"),
                '"' => escaped.Append("&quot;"),
                '\'' => escaped.Append("&#x27;"),
                '`' => escaped.Append("&#x60;"),
                '=' => escaped.Append("&#x3D;"),
                _ => escaped.Append(c),
            };
        }

        return escaped.ToString();
    }
}
