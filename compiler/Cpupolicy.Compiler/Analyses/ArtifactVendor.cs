using System.Text.RegularExpressions;
using System.Xml.Linq;
using Cpupolicy.Core.Backends.Proxmox;
using Cpupolicy.Core.Database;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// The CPU vendor an artifact states, where it states one. Only explicit statements count: libvirt's
/// <c>&lt;vendor&gt;</c> (libvirt refuses to start the domain on another vendor), the <c>vendor</c> key of XAPI's
/// <c>last_boot_CPU_flags</c>, and QEMU's <c>vendor=</c> property. A QEMU model's own vendor does not count: under
/// KVM, QEMU shows the guest the host's vendor whatever the model says, and xl/KubeVirt artifacts name none.
/// </summary>
public static partial class ArtifactVendor
{
    public static (CpuVendor Vendor, string? Evidence) Stated(VmCpuKind kind, string artifact, XDocument? xml = null)
    {
        switch (kind)
        {
            case VmCpuKind.Libvirt when xml?.Root is { } root:
                var cpu = root.Name.LocalName == "cpu" ? root : root.Descendants().FirstOrDefault(e => e.Name.LocalName == "cpu");
                var element = cpu?.Elements().FirstOrDefault(e => e.Name.LocalName == "vendor");
                return element is null ? (CpuVendor.Unknown, null) : Found(element.Value, "<vendor> of the <cpu>");
            case VmCpuKind.Xapi:
                return XapiVendor().Match(artifact) is { Success: true } x ? Found(x.Groups["v"].Value, "the vendor key of last_boot_CPU_flags") : (CpuVendor.Unknown, null);
            case VmCpuKind.Qemu:
                return QemuVendor().Match(artifact) is { Success: true } q ? Found(q.Groups["v"].Value, "the vendor= property of -cpu") : (CpuVendor.Unknown, null);
            case VmCpuKind.Proxmox:
                return ProxmoxVendor().Match(artifact) is { Success: true } p && ProxmoxCatalog.VendorOf(p.Groups["m"].Value) is var v && v != CpuVendor.Unknown
                    ? (v, "the vendor= Proxmox forces for its reported-model")
                    : (CpuVendor.Unknown, null);
            default:
                return (CpuVendor.Unknown, null);
        }
    }

    private static (CpuVendor, string?) Found(string text, string evidence)
    {
        var vendor = CpuVendors.Parse(text);
        return vendor == CpuVendor.Unknown ? (CpuVendor.Unknown, null) : (vendor, evidence);
    }

    [GeneratedRegex(@"\bvendor\s*[:=]\s*(?<v>[A-Za-z]+)", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex XapiVendor();

    [GeneratedRegex(@"[,\s]vendor=(?<v>[A-Za-z]+)", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex QemuVendor();

    [GeneratedRegex(@"^\s+reported-model\s+(?<m>\S+)", RegexOptions.CultureInvariant | RegexOptions.Multiline | RegexOptions.NonBacktracking)]
    private static partial Regex ProxmoxVendor();
}
