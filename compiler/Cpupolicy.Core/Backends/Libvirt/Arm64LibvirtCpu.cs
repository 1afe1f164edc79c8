using System.Text;
using System.Xml;
using System.Xml.Linq;
using Cpupolicy.Core.Backends.Qemu;
using Cpupolicy.Core.Backends.Qemu.Arm64;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Core.Ir;

namespace Cpupolicy.Core.Backends.Libvirt;

/// <summary>
/// libvirt for an aarch64 profile. libvirt on aarch64 knows a CPU model only as vendor + MIDR part (its models are
/// QEMU's named ones, with fixed registers), features only for SVE (<c>sve</c>, <c>sveNNN</c>), and has no
/// host-model; it cannot express a field-level minimum. So the artifact is a domain fragment:
/// <c>&lt;cpu mode='host-passthrough'&gt;</c> (or <c>maximum</c> for TCG) with <c>sve</c> as a libvirt feature, the
/// PMU as <c>&lt;features&gt;&lt;pmu state='off'/&gt;</c>, and what libvirt cannot carry (openEuler's
/// <c>SYSREG_&lt;REG&gt;_&lt;FIELD&gt;</c>, <c>pauth</c>/<c>sme</c> on <c>max</c>) as <c>-global host-arm-cpu.KEY=VALUE</c>
/// through the domain's QEMU command-line passthrough <c>&lt;qemu:commandline&gt;</c>. The properties and checks are
/// those of <see cref="Arm64QemuCpu"/>, so the guest gets exactly what the QEMU artifact gives it.
/// </summary>
public static class Arm64LibvirtCpu
{
    public const string QemuNamespace = "http://libvirt.org/schemas/domain/qemu/1.0";

    public static string Emit(ProfileIr profile, string libvirtRelease, string qemuRelease, string modelOption)
    {
        var line = Arm64QemuCpu.Default.Emit(profile, qemuRelease, ModelOf(modelOption, profile));
        var (model, items, _) = QemuCpuParser.SplitItems(line, "<emitted>");
        XNamespace q = QemuNamespace;
        var cpu = new XElement("cpu", new XAttribute("mode", model == "max" ? "maximum" : "host-passthrough"), new XAttribute("check", "none"));
        XElement? features = null;
        var passthrough = new List<XElement>();
        foreach (var (key, value, _) in items)
        {
            switch (key)
            {
                case "sve":
                    cpu.Add(new XElement("feature", new XAttribute("policy", value == "on" ? "require" : "disable"), new XAttribute("name", "sve")));
                    break;
                case "pmu":
                    features = new XElement("features", new XElement("pmu", new XAttribute("state", value)));
                    break;
                default:
                    passthrough.Add(new XElement(q + "arg", new XAttribute("value", "-global")));
                    passthrough.Add(new XElement(q + "arg", new XAttribute("value", $"{model}-arm-cpu.{key}={value}")));
                    break;
            }
        }

        var domain = new XElement(
            "domain",
            new XAttribute(XNamespace.Xmlns + "qemu", QemuNamespace),
            new XElement("os", new XElement("type", new XAttribute("arch", ProfileIr.Aarch64), new XAttribute("machine", "virt"), "hvm")),
            features,
            cpu,
            passthrough.Count > 0 ? new XElement(q + "commandline", passthrough) : null);
        var document = new XDocument(
            new XComment($" cpupolicy: profile {profile.Name.Replace("--", "- -", StringComparison.Ordinal)} for libvirt {libvirtRelease}, aarch64, QEMU {qemuRelease}: merge into the domain "),
            domain);
        var settings = new XmlWriterSettings { OmitXmlDeclaration = true, Indent = true, IndentChars = "  ", NewLineChars = "\n", NewLineHandling = NewLineHandling.Replace };
        var text = new StringBuilder();
        using (var writer = XmlWriter.Create(text, settings))
        {
            document.Save(writer);
        }

        return text.Append('\n').ToString();
    }

    /// <summary>
    /// Whether an emitted libvirt artifact is one of this class's domain fragments (<c>&lt;os&gt;</c>, <c>&lt;features&gt;</c>
    /// and <c>&lt;qemu:commandline&gt;</c> beside <c>&lt;cpu&gt;</c>) rather than a <c>&lt;cpu&gt;</c> element. A text test, not a
    /// parse: the libvirt hook asks it at every VM start, and x86 artifacts never contain <c>&lt;domain</c>.
    /// </summary>
    public static bool IsDomainFragment(string artifact) => artifact.Contains("<domain", StringComparison.Ordinal);

    /// <summary>True when the document is an aarch64 domain (<c>&lt;os&gt;&lt;type arch='aarch64'&gt;</c>).</summary>
    public static bool IsArm64(XDocument document) =>
        document.Root is { } root && root.Name.LocalName == "domain" && ArchOf(root) == ProfileIr.Aarch64;

    /// <summary>
    /// Whether the document is a host-passthrough or maximum <c>&lt;cpu&gt;</c> that states no architecture (a bare
    /// <c>&lt;cpu&gt;</c>, or a domain without <c>&lt;os&gt;&lt;type arch=...&gt;</c>): libvirt gives the guest the CPU of
    /// whichever host it runs on, x86 or aarch64, so its hosts tell which it is. <see cref="Read"/> reads it as aarch64.
    /// </summary>
    public static bool IsHostCpuOfEitherArch(XDocument document)
    {
        var cpu = document.Root switch
        {
            { } root when root.Name.LocalName == "cpu" => root,
            { } root when root.Name.LocalName == "domain" && ArchOf(root) is null => Child(root, "cpu"),
            _ => null,
        };
        return (string?)cpu?.Attribute("mode") is "host-passthrough" or "maximum";
    }

    /// <summary>
    /// The first <c>&lt;feature&gt;</c> of such a <c>&lt;cpu&gt;</c> only x86's libvirt has: one <paramref name="x86"/>
    /// names that is not an SVE one (libvirt's aarch64 features are <c>sve</c> and <c>sveNNN</c> only); or null.
    /// </summary>
    public static XElement? X86OnlyFeature(XDocument document, LibvirtVocabulary x86) =>
        CpuOf(document.Root!)?.Elements().FirstOrDefault(e => e.Name.LocalName == "feature"
            && (string?)e.Attribute("name") is { } name && !name.StartsWith("sve", StringComparison.Ordinal) && x86.Find(name) is not null);

    /// <summary>The architecture a domain states (<c>&lt;os&gt;&lt;type arch=...&gt;</c>), or null.</summary>
    public static string? ArchOf(XElement domain) => Child(Child(domain, "os"), "type")?.Attribute("arch")?.Value.Trim();

    private static XElement? Child(XElement? parent, string name) => parent?.Element(name);

    /// <summary>The <c>&lt;cpu&gt;</c>: the root itself, or the domain's.</summary>
    private static XElement? CpuOf(XElement root) => root.Name == "cpu" ? root : Child(root, "cpu");

    /// <summary>The features a guest sees under an aarch64 domain's CPU, within what it controls (as the QEMU decoder).</summary>
    public static FeatureSet Decode(XDocument document, string qemuRelease, string source)
    {
        var (model, items) = Read(document, source);
        return Arm64QemuCpu.Default.Decode(model, items, qemuRelease, source, 1);
    }

    /// <summary>What an aarch64 domain's CPU decides for its guest, whatever the host (<see cref="Arm64CpuControls"/>).</summary>
    public static Arm64CpuControls Controls(XDocument document, string qemuRelease, string source)
    {
        var (model, items) = Read(document, source);
        return Arm64QemuCpu.Default.Controls(model, items, qemuRelease, source, 1);
    }

    /// <summary>
    /// An aarch64 domain's CPU (or a bare <c>&lt;cpu&gt;</c> read as aarch64, <see cref="IsHostCpuOfEitherArch"/>) as the QEMU <c>-cpu</c> libvirt gives it: the model (<c>host</c> for host-passthrough,
    /// <c>max</c> for maximum) and its properties (<c>sve</c> features, the PMU state, the <c>-global</c> ones of the
    /// domain's <c>&lt;qemu:commandline&gt;</c>), for <see cref="Arm64QemuCpu"/> to decode.
    /// </summary>
    public static (string Model, IReadOnlyList<(string Key, string Value, int Column)> Items) Read(XDocument document, string source)
    {
        var root = document.Root!;
        // libvirt's own elements are in no namespace: a <x:cpu> or <x:features> of another namespace is not them.
        var cpu = CpuOf(root)
            ?? throw ArtifactErrors.File(DiagnosticCatalog.ArtifactMalformed, source, "the aarch64 domain has no <cpu>", "add <cpu mode='host-passthrough'/>");
        var mode = (string?)cpu.Attribute("mode") ?? "custom";
        var model = mode switch
        {
            "host-passthrough" => "host",
            "maximum" => "max",
            _ => throw new DiagnosticException(DiagnosticCatalog.ArtifactNotDecodable.Create(
                LibvirtXml.SpanOf(cpu, source),
                $"<cpu mode='{mode}'> on aarch64 names one of QEMU's fixed models, whose ID registers cpupolicy does not model",
                "use mode='host-passthrough' (KVM) or 'maximum' (TCG), as cpupolicy emits")),
        };
        // What libvirt puts on -cpu. QEMU registers those properties as globals after every -global of the command
        // line, so they win over a -global of the same property wherever it stands (QEMU 7.2: -cpu qemu64,pmu=off with
        // -global qemu64-x86_64-cpu.pmu=on, in either order, gives pmu off): they go after the globals, and the last wins.
        var onCpu = new List<(string Key, string Value, int Column)>();
        foreach (var feature in cpu.Elements("feature"))
        {
            var name = (string?)feature.Attribute("name") ?? string.Empty;
            var policy = (string?)feature.Attribute("policy") ?? "require";
            if (name != "sve" && !name.StartsWith("sve", StringComparison.Ordinal))
            {
                throw new DiagnosticException(DiagnosticCatalog.Arm64CpuPropertyInvalid.Create(
                    LibvirtXml.SpanOf(feature, source),
                    $"libvirt has no aarch64 CPU feature `{name}`",
                    "libvirt's aarch64 features are sve and sve128..sve2048; other fields go through <qemu:commandline>"));
            }

            if (policy == "optional")
            {
                // libvirt writes require/force as NAME=on and disable/forbid as NAME=off, and nothing for optional: the host's.
                continue;
            }

            onCpu.Add((name, policy is "disable" or "forbid" ? "off" : "on", 1));
        }

        // libvirt reads every child of every <features> in order, so of two <pmu> the last one counts.
        if (root.Elements("features").Elements("pmu").LastOrDefault() is { } pmu)
        {
            onCpu.Add(("pmu", (string?)pmu.Attribute("state") ?? "on", 1));
        }

        var items = new List<(string Key, string Value, int Column)>();

        XNamespace q = QemuNamespace;
        var args = root.Elements(q + "commandline").Elements(q + "arg")
            .Select(a => (Element: a, Value: (string?)a.Attribute("value") ?? string.Empty))
            .ToList();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i].Value is "-cpu" or "--cpu")
            {
                // QEMU takes the last -cpu, and libvirt puts the passthrough after its own: this one is the guest's CPU.
                throw new DiagnosticException(DiagnosticCatalog.ArtifactNotDecodable.Create(
                    LibvirtXml.SpanOf(args[i].Element, source),
                    $"the domain's <qemu:commandline> passes its own `-cpu{(i + 1 < args.Count ? " " + args[i + 1].Value : string.Empty)}`, which replaces the <cpu> libvirt turns into -cpu",
                    "remove the -cpu argument from <qemu:commandline> and describe the CPU in <cpu>"));
            }

            if (args[i].Value is not ("-global" or "--global") || i + 1 >= args.Count)
            {
                continue;
            }

            var global = args[++i];
            if (CpuGlobal(global.Value, model) is not { } property)
            {
                // A global for a device, or for another CPU class than the one in use: it sets nothing the guest's CPU shows.
                continue;
            }

            if (property.Value is null)
            {
                throw new DiagnosticException(DiagnosticCatalog.Arm64CpuPropertyInvalid.Create(
                    LibvirtXml.SpanOf(global.Element, source),
                    $"`-global {global.Value}` names the `{model}` CPU but sets no value",
                    $"write `-global {model}-arm-cpu.KEY=VALUE`"));
            }

            items.Add((property.Key, property.Value, 1));
        }

        return (model, [.. items, .. onCpu]);
    }

    /// <summary>
    /// The CPU property a <c>-global</c> value sets on <paramref name="model"/>'s class or a type it derives from (<c>host-arm-cpu.KEY=VALUE</c>, or
    /// <c>driver=host-arm-cpu,property=KEY,value=VALUE</c>), its value null when it has none; null for any other global.
    /// </summary>
    private static (string Key, string? Value)? CpuGlobal(string global, string model)
    {
        var (driver, key, value) = ParseGlobal(global);
        if (driver is null || (driver != $"{model}-arm-cpu" && !CpuParentTypes.Contains(driver, StringComparer.Ordinal)))
        {
            return null;
        }

        return key is null ? null : (key, value);
    }


    /// <summary>
    /// A <c>-global</c> value as QEMU reads it: <c>DRIVER.PROPERTY=VALUE</c> when the text before its first <c>.</c> or
    /// <c>=</c> ends at a <c>.</c>, else options in any order (<c>value=V,property=P,driver=D</c> is as good as
    /// <c>driver=D,...</c>; QEMU 7.2 takes both).
    /// </summary>
    private static (string? Driver, string? Property, string? Value) ParseGlobal(string global)
    {
        var head = global.AsSpan().IndexOfAny('.', '=');
        if (head > 0 && global[head] == '.')
        {
            var rest = global[(head + 1)..];
            var eq = rest.IndexOf('=', StringComparison.Ordinal);
            return eq < 0 ? (global[..head], rest, null) : (global[..head], rest[..eq], rest[(eq + 1)..]);
        }

        var parts = GlobalParts(global);
        return (parts.GetValueOrDefault("driver"), parts.GetValueOrDefault("property"), parts.GetValueOrDefault("value"));
    }

    /// <summary>
    /// The QOM types every aarch64 CPU class (<c>host-arm-cpu</c>, <c>max-arm-cpu</c>) derives from: QEMU applies a
    /// global to every object of its driver's type or a subtype, so <c>-global arm-cpu.pmu=on</c> sets the CPU as
    /// <c>-global host-arm-cpu.pmu=on</c> does.
    /// </summary>
    private static readonly string[] CpuParentTypes = ["aarch64-cpu", "arm-cpu", "cpu"];

    /// <summary>Whether a <c>-global</c> value sets a property of an aarch64 CPU class (any model's, or a type they all derive from).</summary>
    public static bool SetsCpu(string global) =>
        ParseGlobal(global).Driver is { } driver && (driver.EndsWith("-arm-cpu", StringComparison.Ordinal) || CpuParentTypes.Contains(driver, StringComparer.Ordinal));

    private static Dictionary<string, string> GlobalParts(string global) =>
        global.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).GroupBy(p => p[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.Ordinal);

    /// <summary>An aarch64 model option: <c>auto</c> (host-passthrough) and <c>max</c>/<c>maximum</c> (TCG).</summary>
    private static string ModelOf(string option, ProfileIr profile) => option switch
    {
        "auto" or "host" or "host-passthrough" => "host",
        "max" or "maximum" => "max",
        _ => throw new DiagnosticException(DiagnosticCatalog.QemuReleaseWrongArch.Create(
            SourceSpan.ForElement("<policy>", $"target libvirt (profile {profile.Name})"),
            $"`model {option}` is an x86 model, but profile `{profile.Name}` is aarch64",
            "aarch64 guests use `model auto` (host-passthrough) or `model maximum` (TCG)")),
    };
}
