using System.Xml;
using System.Xml.Linq;
using Cpupolicy.Core.IO;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Inventory;

/// <summary>
/// Loads inventory XML as hostile input: no DTD (so no entity expansion, "billion laughs", and no external entities),
/// no resolver, a character limit, and a nesting limit checked while streaming, before any tree is built.
/// Every failure becomes a coded diagnostic at the line and column the XML parser reports.
/// </summary>
internal static class SafeXml
{
    /// <summary>Far deeper than any libvirt document (capabilities nest about 6 levels).</summary>
    public const int MaxDepth = 64;

    public static XDocument Load(string text, string path)
    {
        // Pass 1 streams the document to enforce the depth limit; pass 2 builds the tree (with line numbers).
        // XDocument.Load is iterative, but the limit keeps the tree small as well.
        Stream(text, path, reader =>
        {
            if (reader.Depth > MaxDepth)
            {
                var info = (IXmlLineInfo)reader;
                throw InventoryErrors.At(
                    DiagnosticCatalog.InventoryTooDeep,
                    path,
                    info.LineNumber,
                    info.LinePosition,
                    $"elements are nested more than {MaxDepth} levels deep",
                    "no inventory format nests this deep; is this the right file?");
            }
        });

        try
        {
            using var reader = XmlReader.Create(new StringReader(text), Settings());
            return XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            throw Translate(e, text, path);
        }
    }

    /// <summary>The local name of the root element, for format detection; null when the text is not XML at all.</summary>
    public static string? RootName(string text, string path)
    {
        string? root = null;
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), Settings());
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element)
                {
                    root = reader.LocalName;
                    break;
                }
            }
        }
        catch (XmlException e)
        {
            throw Translate(e, text, path);
        }

        return root;
    }

    private static void Stream(string text, string path, Action<XmlReader> onNode)
    {
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), Settings());
            while (reader.Read())
            {
                onNode(reader);
            }
        }
        catch (XmlException e)
        {
            throw Translate(e, text, path);
        }
    }

    private static XmlReaderSettings Settings() => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = InputFile.MaxBytes,
        MaxCharactersFromEntities = 1024,
        IgnoreProcessingInstructions = true,
        CloseInput = true,
    };

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
