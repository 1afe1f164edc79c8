using System.Xml.Linq;
using Cpupolicy.Core.Backends.Libvirt;

namespace Cpupolicy.Compiler.Probe.Arm64;

/// <summary>
/// The aarch64 libvirt artifact as libvirt runs it: the fragment (<c>&lt;features&gt;</c>, <c>&lt;cpu&gt;</c>,
/// <c>&lt;qemu:commandline&gt;</c>) merged into a minimal <c>virt</c> domain, and the <c>-cpu</c> value of the QEMU
/// command line libvirt makes of it, with the <c>-global &lt;model&gt;-arm-cpu.KEY=VALUE</c> arguments the artifact
/// passes through folded in as <c>KEY=VALUE</c> properties (QEMU applies both the same way: as properties of the CPU
/// object before it is realised).
/// </summary>
public static class Arm64LibvirtDomain
{
    /// <summary>A domain of <paramref name="type"/> (<c>qemu</c> for TCG, <c>kvm</c>) with the artifact's elements.</summary>
    public static string With(string artifact, string type)
    {
        var fragment = XDocument.Parse(artifact).Root ?? throw new ArgumentException("the libvirt artifact is empty", nameof(artifact));
        var domain = new XElement(
            "domain",
            new XAttribute("type", type),
            new XAttribute(XNamespace.Xmlns + "qemu", Arm64LibvirtCpu.QemuNamespace),
            new XElement("name", "cpupolicy-probe"),
            new XElement("memory", new XAttribute("unit", "MiB"), 64),
            new XElement("os", new XElement("type", new XAttribute("arch", "aarch64"), new XAttribute("machine", "virt"), "hvm")),
            fragment.Elements().Where(e => e.Name.LocalName != "os"));
        return domain.ToString();
    }

    /// <summary>The <c>&lt;cpu mode&gt;</c> of the artifact (host-passthrough needs KVM: libvirt refuses it for TCG).</summary>
    public static string? Mode(string artifact) =>
        (string?)XDocument.Parse(artifact).Root?.Elements().FirstOrDefault(e => e.Name.LocalName == "cpu")?.Attribute("mode");

    /// <summary>The CPU of libvirt's QEMU command line: <c>-cpu</c> with its model's <c>-global</c> properties appended; null without <c>-cpu</c>.</summary>
    public static string? CpuOf(string commandLine)
    {
        if (QemuCpuValue.FromCommandLine(commandLine) is not { } cpu)
        {
            return null;
        }

        var prefix = $"{cpu.Split(',')[0]}-arm-cpu.";
        var properties = QemuCpuValue.GlobalsFromCommandLine(commandLine)
            .Where(g => g.StartsWith(prefix, StringComparison.Ordinal))
            .Select(g => g[prefix.Length..]);
        return string.Join(',', [cpu, .. properties]);
    }
}
