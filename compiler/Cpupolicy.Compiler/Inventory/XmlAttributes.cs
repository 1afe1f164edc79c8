using System.Xml.Linq;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Inventory;

/// <summary>Reads numeric attributes of libvirt XML with positioned errors.</summary>
internal static class XmlAttributes
{
    /// <summary>The attribute as a number (libvirt syntax: <c>0x</c> hex or decimal), or <paramref name="fallback"/> when absent; null fallback = required.</summary>
    public static ulong Number(XElement element, string name, ulong max, ulong? fallback, string path)
    {
        var attribute = element.Attribute(name);
        if (attribute is null)
        {
            return fallback ?? throw InventoryErrors.AtXml(
                DiagnosticCatalog.InventoryXmlContent,
                path,
                element,
                $"`<{element.Name.LocalName}>` lacks the `{name}` attribute");
        }

        if (!HexNumber.TryParseLibvirt(attribute.Value, max, out var value))
        {
            throw InventoryErrors.AtXml(
                DiagnosticCatalog.InventoryXmlContent,
                path,
                attribute,
                $"`{name}='{attribute.Value}'` is not a number up to 0x{max:x} (write it as `0x...` hex or decimal)");
        }

        return value;
    }

    /// <summary>An attribute as an int, or null when absent.</summary>
    public static int? OptionalInt(XElement element, string name, string path)
    {
        if (element.Attribute(name) is null)
        {
            return null;
        }

        return (int)Number(element, name, int.MaxValue, null, path);
    }
}
