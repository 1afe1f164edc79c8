using System.Text.RegularExpressions;
using Cpupolicy.Core.Database.Arm64;
using Cpupolicy.Core.IO;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Inventory;

/// <summary>
/// Reads any host inventory file, telling the format by content, never by file name: admins rename files, and
/// <c>virsh capabilities &gt; host.txt</c> is as likely as <c>host.xml</c>.
/// </summary>
public static partial class InventoryReader
{
    /// <summary>Reads a file (<c>-</c> = stdin) with the size limit of <see cref="InputFile"/>.</summary>
    public static HostCapability Read(string path, InventoryOptions? options = null, TextReader? stdin = null) =>
        Parse(InputFile.ReadText(path, stdin), path, options);

    /// <summary>Parses inventory text; <paramref name="path"/> only names the source in diagnostics.</summary>
    public static HostCapability Parse(string text, string path, InventoryOptions? options = null)
    {
        options ??= InventoryOptions.Default;
        var format = Detect(text, path);
        return GuestView.Flag(format switch
        {
            InventoryFormat.CpuidDump => CpuidDumpReader.Parse(text, path, options),
            InventoryFormat.LibvirtCpuData => LibvirtCpuDataReader.Parse(text, path, options),
            InventoryFormat.LibvirtHostCpu => LibvirtHostCpuReader.Parse(text, path, options),
            InventoryFormat.ProcCpuinfo => ProcCpuinfoReader.Parse(text, path, options),
            InventoryFormat.XenFeatureset => XenFeaturesetReader.Parse(text, path, options),
            InventoryFormat.KubevirtNode => KubevirtNodeReader.Parse(text, path, options),
            InventoryFormat.Probe => ProbeReader.Parse(text, path, options),
            InventoryFormat.Arm64ProcCpuinfo => Arm64CpuinfoReader.Parse(text, path, Arm64Database.Default),
            InventoryFormat.Arm64Registers => Arm64RegisterReader.Parse(text, path, Arm64Database.Default),
            InventoryFormat.Arm64Libvirt => Arm64LibvirtReader.Parse(text, path, Arm64Database.Default),
            _ => throw new InvalidOperationException($"no reader for {format}"),
        }, options);
    }

    /// <summary>The format of inventory text; throws a <see cref="DiagnosticCatalog.UnknownInventoryFormat"/> diagnostic when it is none.</summary>
    public static InventoryFormat Detect(string text, string path)
    {
        var trimmed = text.TrimStart();
        if (trimmed.Length == 0)
        {
            throw InventoryErrors.File(DiagnosticCatalog.InventoryEmpty, path, "the file is empty", "an inventory file describes one host; see docs/inventory-formats.md");
        }

        if (BundleMark().IsMatch(text))
        {
            throw InventoryErrors.File(
                DiagnosticCatalog.InventoryIsOtherFile,
                path,
                "this is a cpupolicy `bundle.json` (a compiled policy, what the hooks and `apply` read), not an inventory",
                "give the host's inventory instead: `xe host-cpu-info`, `virsh capabilities`, `cpuid -r -1`, `kubectl get node NAME -o yaml`; see docs/inventory-formats.md");
        }

        if (trimmed[0] == '<')
        {
            var root = InventoryXml.RootName(text, path);
            if (root == "cpudata")
            {
                return InventoryFormat.LibvirtCpuData;
            }

            if (root is not null && LibvirtHostCpuReader.IsRoot(root))
            {
                return Arm64LibvirtReader.Looks(text) ? InventoryFormat.Arm64Libvirt : InventoryFormat.LibvirtHostCpu;
            }

            throw InventoryErrors.File(
                DiagnosticCatalog.UnknownInventoryFormat,
                path,
                root is null ? "the XML has no root element" : $"XML with root `<{root}>` is not an inventory file",
                "libvirt inventories are `<cpudata>` (CPUID data), or `<cpu>`, `<capabilities>`, `<domainCapabilities>` (host CPU)");
        }

        // The probe header comes first: serial noise before it may contain anything.
        if (ProbeReader.Looks(text))
        {
            return InventoryFormat.Probe;
        }

        if (Arm64RegisterReader.Looks(text))
        {
            return InventoryFormat.Arm64Registers;
        }

        if (Arm64CpuinfoReader.Looks(text))
        {
            return InventoryFormat.Arm64ProcCpuinfo;
        }

        if (SourceLine.Split(text).Any(l => CpuidDumpReader.IsLeafLine(l.Text)))
        {
            return InventoryFormat.CpuidDump;
        }

        if (trimmed[0] == '{' || KubevirtNodeReader.Looks(text) || NodeKind().IsMatch(text))
        {
            return InventoryFormat.KubevirtNode;
        }

        if (XenFeaturesetReader.Looks(text))
        {
            return InventoryFormat.XenFeatureset;
        }

        if (SourceLine.Split(text).Any(l => CpuinfoField().IsMatch(l.Text)))
        {
            return InventoryFormat.ProcCpuinfo;
        }

        if (PolicyMark().IsMatch(text))
        {
            throw InventoryErrors.File(
                DiagnosticCatalog.InventoryIsOtherFile,
                path,
                "this is a cpupolicy policy, not an inventory",
                "a policy goes to `--policy` (or to `check`, `compile`); an inventory describes one host, see docs/inventory-formats.md");
        }

        throw InventoryErrors.File(
            DiagnosticCatalog.UnknownInventoryFormat,
            path,
            "cannot tell what kind of inventory this is",
            "cpupolicy reads `cpuid -r` output, libvirt CPU data or `<cpu>` XML, /proc/cpuinfo, a Xen featureset, a KubeVirt node (YAML/JSON) and probe output; see docs/inventory-formats.md");
    }

    [GeneratedRegex(@"""format""\s*:\s*""cpupolicy-bundle""", RegexOptions.NonBacktracking)]
    private static partial Regex BundleMark();

    [GeneratedRegex(@"^[ \t]*((profile|pool)[ \t]+[A-Za-z0-9_.-]+[ \t]*=|host[ \t]+[A-Za-z0-9_.-]+[ \t]+(from|is)[ \t])", RegexOptions.Multiline | RegexOptions.NonBacktracking)]
    private static partial Regex PolicyMark();

    [GeneratedRegex(@"^kind:\s*(Node|List|NodeList)\s*$", RegexOptions.Multiline | RegexOptions.NonBacktracking)]
    private static partial Regex NodeKind();

    [GeneratedRegex(@"^(processor|flags|vendor_id)\s*:", RegexOptions.NonBacktracking)]
    private static partial Regex CpuinfoField();
}
