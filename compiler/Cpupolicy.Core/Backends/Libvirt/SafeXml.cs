using System.Xml;
using System.Xml.Linq;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Core.Backends.Libvirt;

/// <summary>
/// Loads XML that may be hostile: no DTD (so no entity expansion, no external entities), no resolver, a size cap.
/// Any XML error becomes a CP0501 at its line and column.
/// </summary>
public static class SafeXml
{
    public static XDocument Load(string text, string source)
    {
        ArtifactErrors.CheckSize(text, source);
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = ArtifactErrors.MaxArtifactChars,
            MaxCharactersFromEntities = 0,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), settings);
            return XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            throw new DiagnosticException(DiagnosticCatalog.ArtifactMalformed.Create(
                SourceSpan.At(source, Math.Max(e.LineNumber, 1), Math.Max(e.LinePosition, 1)),
                $"not well-formed XML: {e.Message}",
                "the libvirt artifact is a <cpu> element, alone or inside a <domain>"));
        }
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
