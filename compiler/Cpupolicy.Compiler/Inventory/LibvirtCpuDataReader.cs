using System.Xml.Linq;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Inventory;

/// <summary>
/// Reads libvirt's raw CPUID data (the format of <c>tests/cputestdata/x86_64-cpuid-*.xml</c> and of
/// <c>virsh</c>'s CPU data dumps):
/// <code>
/// &lt;cpudata arch='x86'&gt;
///   &lt;cpuid eax_in='0x00000007' ecx_in='0x00' eax='0x00000000' ebx='0x029c6fbf' ecx='0x40000000' edx='0x9c000000'/&gt;
///   &lt;msr index='0x10a' edx='0x00000000' eax='0x0000006b'/&gt;
/// &lt;/cpudata&gt;
/// </code>
/// As in libvirt, <c>eax_in</c> is required, <c>ecx_in</c> and the output registers default to 0, and an MSR needs
/// all of <c>index</c>, <c>eax</c> (low half) and <c>edx</c> (high half).
/// </summary>
public static class LibvirtCpuDataReader
{
    public static HostCapability Parse(string text, string path, InventoryOptions options) =>
        Parse(InventoryXml.Load(text, path), path, options);

    internal static HostCapability Parse(XDocument doc, string path, InventoryOptions options)
    {
        var root = doc.Root!;
        if (root.Attribute("arch") is { } arch && arch.Value != "x86")
        {
            throw InventoryErrors.AtXml(DiagnosticCatalog.InventoryXmlContent, path, arch, $"`arch='{arch.Value}'` is not x86; cpupolicy handles x86 CPUs only");
        }

        var builder = new CpuidDumpBuilder(path);
        foreach (var e in root.Elements())
        {
            DiagnosticException Conflict(string message) => InventoryErrors.AtXml(DiagnosticCatalog.CpuidLeafConflict, path, e, message);
            switch (e.Name.LocalName)
            {
                case "cpuid":
                    builder.Add(
                        new CpuidLeaf(
                            (uint)XmlAttributes.Number(e, "eax_in", uint.MaxValue, null, path),
                            (uint)XmlAttributes.Number(e, "ecx_in", uint.MaxValue, 0, path),
                            (uint)XmlAttributes.Number(e, "eax", uint.MaxValue, 0, path),
                            (uint)XmlAttributes.Number(e, "ebx", uint.MaxValue, 0, path),
                            (uint)XmlAttributes.Number(e, "ecx", uint.MaxValue, 0, path),
                            (uint)XmlAttributes.Number(e, "edx", uint.MaxValue, 0, path)),
                        Conflict);
                    break;
                case "msr":
                    var low = XmlAttributes.Number(e, "eax", uint.MaxValue, null, path);
                    var high = XmlAttributes.Number(e, "edx", uint.MaxValue, null, path);
                    builder.Add(new MsrValue((uint)XmlAttributes.Number(e, "index", uint.MaxValue, null, path), (high << 32) | low), Conflict);
                    break;
                default:
                    throw InventoryErrors.AtXml(
                        DiagnosticCatalog.InventoryXmlContent,
                        path,
                        e,
                        $"`<{e.Name.LocalName}>` is not expected in `<cpudata>`",
                        "libvirt CPU data holds only `<cpuid .../>` and `<msr .../>` elements");
            }
        }

        return CpuidCapability.From(builder.Build("libvirt CPU data"), path, InventoryFormat.LibvirtCpuData, options.FeatureDb);
    }
}
