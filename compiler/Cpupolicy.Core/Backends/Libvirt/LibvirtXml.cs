using System.Xml;
using System.Xml.Linq;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Core.IO;

namespace Cpupolicy.Core.Backends.Libvirt;

/// <summary>
/// A libvirt artifact read through <see cref="SafeXml"/> with the artifact size cap, comments ignored; any XML error
/// becomes a CP0501 at its line and column.
/// </summary>
public static class LibvirtXml
{
    public static XDocument Load(string text, string source)
    {
        ArtifactErrors.CheckSize(text, source);
        return SafeXml.Load(text, SafeXml.Settings(ArtifactErrors.MaxArtifactChars, 0, ignoreComments: true), e => Malformed(e, source));
    }

    /// <summary>Where an element is, for diagnostics (its line and column when known, else its path).</summary>
    public static SourceSpan SpanOf(XElement element, string source) => SafeXml.SpanOf(element, source);

    private static DiagnosticException Malformed(XmlException e, string source) =>
        new(DiagnosticCatalog.ArtifactMalformed.Create(
            SourceSpan.At(source, Math.Max(e.LineNumber, 1), Math.Max(e.LinePosition, 1)),
            $"not well-formed XML: {e.Message}",
            "the libvirt artifact is a <cpu> element, alone or inside a <domain>"));
}
