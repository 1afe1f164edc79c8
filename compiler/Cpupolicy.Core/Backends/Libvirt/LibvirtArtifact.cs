using System.Text.RegularExpressions;
using Cpupolicy.Core.Database;

namespace Cpupolicy.Core.Backends.Libvirt;

/// <summary>
/// What only a guest CPU in libvirt XML has: a <c>&lt;domain&gt;</c>, or a <c>&lt;cpu&gt;</c> with a <c>mode</c>,
/// <c>match</c> or feature <c>policy</c> (a host's <c>&lt;cpu&gt;</c> has none of them).
/// </summary>
public static partial class LibvirtArtifact
{
    public static bool Recognize(string text) => text.TrimStart().StartsWith('<') && Recognize(text, RootName(text));

    /// <param name="rootName">the document's root element, read by the caller's XML reader.</param>
    public static bool Recognize(string text, string? rootName) =>
        rootName == "domain" || (rootName == "cpu" && GuestCpuMarks().IsMatch(text));

    /// <summary>The <c>&lt;vendor&gt;</c> of a guest <c>&lt;cpu&gt;</c>, as <see cref="LibvirtBackend.ReadDefinition"/> read it: libvirt refuses to start the domain on another vendor.</summary>
    public static (CpuVendor Vendor, string? Evidence) StatedVendor(LibvirtCpuDefinition cpu) =>
        cpu.Vendor == CpuVendor.Unknown ? (CpuVendor.Unknown, null) : (cpu.Vendor, "<vendor> of the <cpu>");

    /// <summary>The root element's local name, or null when the text is not XML (no DTD, no resolver).</summary>
    private static string? RootName(string text)
    {
        try
        {
            using var reader = System.Xml.XmlReader.Create(new StringReader(text), IO.SafeXml.Settings(text.Length + 1024L, 1024));
            while (reader.Read())
            {
                if (reader.NodeType == System.Xml.XmlNodeType.Element)
                {
                    return reader.LocalName;
                }
            }
        }
        catch (System.Xml.XmlException)
        {
            return null;
        }

        return null;
    }

    [GeneratedRegex(@"\b(mode|match)\s*=|<feature[^>]*\bpolicy\s*=", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex GuestCpuMarks();
}
