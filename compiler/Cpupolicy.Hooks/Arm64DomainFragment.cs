using System.Xml.Linq;
using Cpupolicy.Core.Backends.Libvirt;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Core.IO;

namespace Cpupolicy.Hooks;

/// <summary>
/// A profile's aarch64 libvirt artifact (<see cref="Arm64LibvirtCpu"/>) as the hook uses it: the whole fragment to
/// judge against, and the three parts it writes into a domain: the <c>&lt;cpu&gt;</c> element, the
/// <c>&lt;pmu&gt;</c> of <c>&lt;features&gt;</c> (null when the profile leaves the PMU alone) and the values of the
/// <c>&lt;qemu:commandline&gt;</c> arguments (<c>-global host-arm-cpu.KEY=VALUE</c> pairs). The fragment's
/// <c>&lt;os&gt;</c> only says the profile is aarch64; the domain keeps its own.
/// </summary>
public sealed record Arm64DomainFragment(XDocument Document, string Cpu, string? Pmu, IReadOnlyList<string> Args)
{
    /// <summary>The fragment of a bundle's artifact; CP0602 when the bundle's artifact is not one.</summary>
    public static Arm64DomainFragment Of(string artifact, string source)
    {
        XDocument document;
        try
        {
            document = LibvirtXml.Load(artifact, source);
        }
        catch (DiagnosticException e)
        {
            throw Corrupt(source, $"the profile's aarch64 fragment is not well-formed: {HookText.Clean(e.Diagnostic.Message)}");
        }

        var root = document.Root!;
        if (!Arm64LibvirtCpu.IsArm64(document))
        {
            throw Corrupt(source, "the profile's libvirt artifact is a <domain> but not an aarch64 one");
        }

        var pmu = root.Elements("features").Elements("pmu").FirstOrDefault();
        XNamespace q = Arm64LibvirtCpu.QemuNamespace;
        var args = root.Elements(q + "commandline").Elements(q + "arg").Select(a => (string?)a.Attribute("value") ?? string.Empty).ToList();
        // Re-read without its whitespace and written indented as a root: the fragment's own indentation (one level deep) must not carry over.
        var cpu = root.Element("cpu") ?? throw Corrupt(source, "the profile's aarch64 fragment has no <cpu>");
        return new Arm64DomainFragment(document, XElement.Parse(cpu.ToString(SaveOptions.DisableFormatting)).ToString().ReplaceLineEndings("\n"), pmu?.ToString(SaveOptions.DisableFormatting), args);
    }

    private static DiagnosticException Corrupt(string source, string message) =>
        new(DiagnosticCatalog.BundleCorrupt.Create(SourceSpan.WholeFile(source), message, "recompile the policy with a libvirt target and reinstall bundle.json"));
}
