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
    public static byte[] Apply(byte[] document, DomainXml xml, string cpuElement) => ByteEdit.Apply(document, [Edit(document, xml, cpuElement)]);

    /// <summary>The edit that replaces the document's <c>&lt;cpu&gt;</c> by <paramref name="cpuElement"/>, or adds it.</summary>
    public static ByteEdit Edit(byte[] document, DomainXml xml, string cpuElement) =>
        xml.Cpu is { } old
            ? new ByteEdit(old.Start, old.End, Render(cpuElement, xml.CpuIndent ?? string.Empty, xml.NewLine, IsSingleLine(document)))
            : InsertChild(document, xml.RootEndTag, xml.ChildIndent, xml.NewLine, cpuElement);

    /// <summary>
    /// The edit that adds <paramref name="element"/> as the last child of the element whose end tag starts at
    /// <paramref name="endTag"/>, indented by <paramref name="indent"/>. When the end tag starts its own line the
    /// element becomes a line of its own above it; in a one-line document it goes in flat; when something else ends on
    /// the end tag's line it still gets lines of its own, so that a second rewrite (which finds it at a line start)
    /// gives the same bytes.
    /// </summary>
    public static ByteEdit InsertChild(byte[] document, int endTag, string indent, string newLine, string element)
    {
        var lineStart = endTag;
        while (lineStart > 0 && document[lineStart - 1] is (byte)' ' or (byte)'\t')
        {
            lineStart--;
        }

        if (IsSingleLine(document))
        {
            return ByteEdit.Insert(endTag, Render(element, string.Empty, newLine, flatten: true));
        }

        if (lineStart > 0 && document[lineStart - 1] == '\n')
        {
            return ByteEdit.Insert(lineStart, indent + Render(element, indent, newLine, flatten: false) + newLine);
        }

        return ByteEdit.Insert(endTag, newLine + indent + Render(element, indent, newLine, flatten: false) + newLine);
    }

    /// <summary>
    /// The edit that removes an element: with its whole line when it is alone on it (its indentation and its newline
    /// go too), else just its bytes.
    /// </summary>
    public static ByteEdit Remove(byte[] document, ByteSpan element)
    {
        var start = element.Start;
        while (start > 0 && document[start - 1] is (byte)' ' or (byte)'\t')
        {
            start--;
        }

        var end = element.End;
        while (end < document.Length && document[end] is (byte)' ' or (byte)'\t')
        {
            end++;
        }

        var alone = (start == 0 || document[start - 1] == '\n') && end < document.Length && document[end] is (byte)'\n' or (byte)'\r';
        if (!alone)
        {
            return new ByteEdit(element.Start, element.End, string.Empty);
        }

        end += document[end] == '\r' && end + 1 < document.Length && document[end + 1] == '\n' ? 2 : 1;
        return new ByteEdit(start, end, string.Empty);
    }

    public static bool IsSingleLine(byte[] document) => document.AsSpan().IndexOf((byte)'\n') < 0;

    /// <summary>The element with every line after the first indented by <paramref name="indent"/>, or on one line.</summary>
    public static string Render(string element, string indent, string newLine, bool flatten)
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

    private static DiagnosticException Corrupt(string source, string message) =>
        new(DiagnosticCatalog.BundleCorrupt.Create(SourceSpan.WholeFile(source), message, "recompile the policy with a libvirt target and reinstall bundle.json"));
}
