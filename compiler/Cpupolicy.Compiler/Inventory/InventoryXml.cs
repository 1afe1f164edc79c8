using System.Xml;
using System.Xml.Linq;
using Cpupolicy.Core.IO;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Inventory;

/// <summary>
/// Inventory XML read through <see cref="SafeXml"/> as hostile input, with the nesting limit; every failure becomes a
/// CP04xx diagnostic at the line and column the XML parser reports.
/// </summary>
internal static class InventoryXml
{
    public static XDocument Load(string text, string path) =>
        SafeXml.Load(text, Settings(), e => Translate(e, text, path), info => InventoryErrors.At(
            DiagnosticCatalog.InventoryTooDeep,
            path,
            info.LineNumber,
            info.LinePosition,
            $"elements are nested more than {SafeXml.MaxDepth} levels deep",
            "no inventory format nests this deep; is this the right file?"));

    /// <summary>The local name of the root element, for format detection; null when the text is not XML at all.</summary>
    public static string? RootName(string text, string path) => SafeXml.RootName(text, Settings(), e => Translate(e, text, path));

    private static XmlReaderSettings Settings() => SafeXml.Settings(InputFile.MaxBytes, 1024);

    private static DiagnosticException Translate(XmlException e, string text, string path)
    {
        var line = Math.Max(e.LineNumber, 1);
        var column = Math.Max(e.LinePosition, 1);

        // The prohibited-DTD exception carries no position (line 0), so point at the declaration itself.
        var doctype = text.IndexOf("<!DOCTYPE", StringComparison.Ordinal);
        if (e.LineNumber == 0 && doctype >= 0)
        {
            var before = text.AsSpan(0, doctype);
            var doctypeLine = before.Count('\n') + 1;
            var doctypeColumn = doctype - (before.LastIndexOf('\n') + 1) + 1;
            return InventoryErrors.At(
                DiagnosticCatalog.InventoryDtdProhibited,
                path,
                doctypeLine,
                doctypeColumn,
                "the XML declares a DTD (`<!DOCTYPE ...>`), which inventory files never need and which could hide entity expansion or external entities",
                "remove the `<!DOCTYPE ...>` declaration; libvirt's output has none");
        }

        var truncated = e.Message.Contains("end of file", StringComparison.OrdinalIgnoreCase)
            || e.Message.Contains("not closed", StringComparison.OrdinalIgnoreCase);
        return InventoryErrors.At(
            DiagnosticCatalog.InventoryXmlMalformed,
            path,
            line,
            column,
            truncated ? "the XML ends before its elements are closed (was the file cut off?)" : $"the XML is not well-formed: {FirstSentence(e.Message)}",
            truncated ? "save the complete output of `virsh capabilities` (or the whole file) again" : null);
    }

    // XmlException messages end with "Line n, position m." which the span already carries.
    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Line ", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd();
    }
}
