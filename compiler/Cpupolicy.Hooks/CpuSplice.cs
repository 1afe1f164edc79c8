using System.Text;
using System.Xml;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Core.IO;

namespace Cpupolicy.Hooks;

/// <summary>
/// Puts a profile's <c>&lt;cpu&gt;</c> into a domain XML by splicing bytes: the output is the original bytes before
/// the old <c>&lt;cpu&gt;</c>, the new element, and the original bytes after it, so nothing outside <c>&lt;cpu&gt;</c>
/// can change (a re-serialised document would lose quote styles, entity spellings, comments and whitespace).
/// Without a <c>&lt;cpu&gt;</c> the element goes on its own line just before <c>&lt;/domain&gt;</c>. Either way it is
/// indented like its siblings and uses the document's newline style.
/// </summary>
public static class CpuSplice
{
    /// <summary>
    /// The <c>&lt;cpu&gt;...&lt;/cpu&gt;</c> element of a libvirt artifact (the emitter puts a comment line before it),
    /// checked to be one well-formed element; CP0602 when the bundle's artifact is not one.
    /// </summary>
    public static string CpuElementOf(string artifact, string source)
    {
        var start = artifact.IndexOf("<cpu", StringComparison.Ordinal);
        var end = artifact.LastIndexOf("</cpu>", StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            throw Corrupt(source, "the libvirt artifact has no <cpu>...</cpu> element");
        }

        var element = artifact[start..(end + "</cpu>".Length)];
        try
        {
            var settings = SafeXml.Settings(element.Length + 1024L, 1024);
            using var reader = XmlReader.Create(new StringReader(element), settings);
            while (reader.Read())
            {
            }
        }
        catch (XmlException e)
        {
            throw Corrupt(source, $"the libvirt artifact's <cpu> is not well-formed: {HookText.Clean(e.Message)}");
        }

        return element;
    }

    /// <summary>The document with its <c>&lt;cpu&gt;</c> replaced by (or, without one, given) <paramref name="cpuElement"/>.</summary>
    public static byte[] Apply(byte[] document, DomainXml xml, string cpuElement)
    {
        var singleLine = document.AsSpan().IndexOf((byte)'\n') < 0;
        if (xml.Cpu is { } old)
        {
            var replacement = Render(cpuElement, xml.CpuIndent ?? string.Empty, xml.NewLine, singleLine);
            return Splice(document, old.Start, old.End, replacement);
        }

        var endTag = xml.RootEndTag;
        var lineStart = endTag;
        while (lineStart > 0 && document[lineStart - 1] is (byte)' ' or (byte)'\t')
        {
            lineStart--;
        }

        if (!singleLine && lineStart > 0 && document[lineStart - 1] == '\n')
        {
            // </domain> starts its own line: the new element becomes a line of its own above it.
            var line = xml.ChildIndent + Render(cpuElement, xml.ChildIndent, xml.NewLine, flatten: false) + xml.NewLine;
            return Splice(document, lineStart, lineStart, line);
        }

        if (singleLine)
        {
            return Splice(document, endTag, endTag, Render(cpuElement, string.Empty, xml.NewLine, flatten: true));
        }

        // Something else ends on </domain>'s line: the element still gets lines of its own, indented like a child,
        // so that a second rewrite (which finds it at a line start) gives the same bytes.
        var own = xml.NewLine + xml.ChildIndent + Render(cpuElement, xml.ChildIndent, xml.NewLine, flatten: false) + xml.NewLine;
        return Splice(document, endTag, endTag, own);
    }

    /// <summary>The element with every line after the first indented by <paramref name="indent"/>, or on one line.</summary>
    private static string Render(string element, string indent, string newLine, bool flatten)
    {
        var lines = element.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (flatten)
        {
            return string.Concat(lines.Select(l => l.Trim()));
        }

        var text = new StringBuilder(lines[0]);
        foreach (var line in lines.Skip(1))
        {
            text.Append(newLine).Append(indent).Append(line);
        }

        return text.ToString();
    }

    private static byte[] Splice(byte[] document, int start, int end, string replacement)
    {
        var middle = Encoding.UTF8.GetBytes(replacement);
        var result = new byte[start + middle.Length + (document.Length - end)];
        document.AsSpan(0, start).CopyTo(result);
        middle.CopyTo(result.AsSpan(start));
        document.AsSpan(end).CopyTo(result.AsSpan(start + middle.Length));
        return result;
    }

    private static DiagnosticException Corrupt(string source, string message) =>
        new(DiagnosticCatalog.BundleCorrupt.Create(SourceSpan.WholeFile(source), message, "recompile the policy with a libvirt target and reinstall bundle.json"));
}
