using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Inventory;

/// <summary>Builds the exceptions the readers throw: one coded diagnostic that names the file and the place at fault.</summary>
internal static class InventoryErrors
{
    public static DiagnosticException At(DiagnosticDescriptor d, string path, int line, int column, string message, string? hint = null) =>
        new(d.Create(SourceSpan.At(path, line, column), message, hint));

    public static DiagnosticException Element(DiagnosticDescriptor d, string path, string element, string message, string? hint = null) =>
        new(d.Create(SourceSpan.ForElement(path, element), message, hint));

    public static DiagnosticException File(DiagnosticDescriptor d, string path, string message, string? hint = null) =>
        new(d.Create(SourceSpan.WholeFile(path), message, hint));

    /// <summary>At an XML node when it carries line information, else naming the element.</summary>
    public static DiagnosticException AtXml(DiagnosticDescriptor d, string path, System.Xml.Linq.XObject node, string message, string? hint = null)
    {
        if (node is System.Xml.IXmlLineInfo info && info.HasLineInfo())
        {
            // An element's position is that of its name; point at its `<` as editors and libvirt's messages do.
            var column = node is System.Xml.Linq.XElement ? Math.Max(1, info.LinePosition - 1) : info.LinePosition;
            return At(d, path, info.LineNumber, column, message, hint);
        }

        var name = node switch
        {
            System.Xml.Linq.XElement e => $"<{e.Name.LocalName}>",
            System.Xml.Linq.XAttribute a => $"@{a.Name.LocalName}",
            _ => node.NodeType.ToString(),
        };
        return Element(d, path, name, message, hint);
    }
}
