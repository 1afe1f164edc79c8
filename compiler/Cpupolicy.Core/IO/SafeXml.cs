using System.Xml;
using System.Xml.Linq;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Core.IO;

/// <summary>
/// The one way cpupolicy reads XML that may be hostile: no DTD (so no entity expansion, "billion laughs", and no
/// external entities), no resolver, a character limit, processing instructions dropped, and optionally a nesting limit
/// checked while the tree is built. Each format says how a failure reads to its user
/// (<c>LibvirtXml</c>: CP0501 for an artifact; <c>InventoryXml</c>: CP04xx for a host file); the hooks' byte scanner
/// takes its reader settings from <see cref="Settings"/>.
/// </summary>
public static class SafeXml
{
    /// <summary>Far deeper than any libvirt document (capabilities nest about 6 levels).</summary>
    public const int MaxDepth = 64;

    public static XmlReaderSettings Settings(long maxCharacters, long maxCharactersFromEntities = 0, bool ignoreComments = false) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = maxCharacters,
        MaxCharactersFromEntities = maxCharactersFromEntities,
        IgnoreComments = ignoreComments,
        IgnoreProcessingInstructions = true,
        CloseInput = true,
    };

    /// <summary>
    /// The document with line information. <paramref name="tooDeep"/>, when given, is thrown for the first element
    /// nested more than <see cref="MaxDepth"/> levels, found while the tree is built (one parse; the tree never holds
    /// the deeper node).
    /// </summary>
    public static XDocument Load(string text, XmlReaderSettings settings, Func<XmlException, DiagnosticException> translate, Func<IXmlLineInfo, DiagnosticException>? tooDeep = null)
    {
        try
        {
            using var inner = XmlReader.Create(new StringReader(text), settings);
            using var reader = tooDeep is null
                ? inner
                : new DepthLimitedXmlReader(inner, MaxDepth, r => throw tooDeep((IXmlLineInfo)r));
            return XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            throw translate(e);
        }
    }

    /// <summary>The local name of the root element, for format detection; null when there is none.</summary>
    public static string? RootName(string text, XmlReaderSettings settings, Func<XmlException, DiagnosticException> translate)
    {
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), settings);
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element)
                {
                    return reader.LocalName;
                }
            }
        }
        catch (XmlException e)
        {
            throw translate(e);
        }

        return null;
    }

    /// <summary>Where an element is, for diagnostics (its line and column when known, else its path).</summary>
    public static SourceSpan SpanOf(XElement element, string source)
    {
        var info = (IXmlLineInfo)element;
        return info.HasLineInfo()
            ? SourceSpan.At(source, info.LineNumber, info.LinePosition, element.Name.LocalName.Length)
            : SourceSpan.ForElement(source, element.Name.LocalName);
    }
}
