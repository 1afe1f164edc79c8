using System.Text;
using System.Xml;
using System.Xml.Linq;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Ir;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Core.Backends.Libvirt;

/// <summary>
/// libvirt: a <c>&lt;cpu mode='custom' match='exact'&gt;</c> with a model that must exist (<c>fallback='forbid'</c>),
/// the vendor where the profile has one, and every feature on which the profile and the model disagree
/// (<see cref="LibvirtPlanner"/>). The decoder reads a <c>&lt;cpu&gt;</c>, alone or inside a whole domain XML.
/// </summary>
public sealed class LibvirtBackend : IBackend
{
    public const string ReleaseOption = LibvirtTarget.ReleaseOption;
    public const string ModelOption = LibvirtTarget.ModelOption;
    public const string CheckOption = "check";
    public const string QemuReleaseOption = "qemu-release";

    private readonly ModelDatabase models;
    private readonly LibvirtTarget target;

    public LibvirtBackend(FeatureDatabase db, ModelDatabase models)
    {
        this.models = models;
        target = new LibvirtTarget(db, models);
        Options =
        [
            LibvirtTarget.Release("the libvirt whose cpu_map names the models and features: 9.0.0 (Debian 12, no -vN model names) or 11.3.0"),
            target.Model("auto (the model needing the fewest <feature> elements) or a model name"),
            new BackendOption(CheckOption, "full", "how libvirt checks the CPU it got: full, partial or none", ["full", "partial", "none"]),
            new BackendOption(
                QemuReleaseOption, Qemu.Arm64.Arm64QemuCpu.Upstream72,
                "aarch64 profiles: the QEMU under libvirt; openeuler-8.2 adds SYSREG_<REG>_<FIELD> properties through <qemu:commandline>",
                Qemu.Arm64.Arm64QemuCpu.Releases),
        ];
    }

    public string Name => "libvirt";

    public string FileSuffix => ".libvirt.xml";

    public bool Recognize(string text) => LibvirtArtifact.Recognize(text);

    public (CpuVendor Vendor, string? Evidence) StatedVendor(string artifact) =>
        FindCpu(LibvirtXml.Load(artifact, "<artifact>"), "<artifact>").Elements().FirstOrDefault(e => e.Name.LocalName == "vendor")?.Value is { } text
            && CpuVendors.Parse(text) is var v && v != CpuVendor.Unknown
            ? (v, "<vendor> of the <cpu>")
            : (CpuVendor.Unknown, null);

    public IReadOnlyList<BackendOption> Options { get; }

    public string Emit(ProfileIr profile, TargetOptions options)
    {
        var resolved = BackendOptions.Resolve(this, options);
        if (profile.IsArm64)
        {
            return Arm64LibvirtCpu.Emit(profile, resolved[ReleaseOption], resolved[QemuReleaseOption], resolved[ModelOption]);
        }

        var vocabulary = target.Vocabularies[resolved[ReleaseOption]];
        var plan = target.Planner.Plan(profile, vocabulary, resolved[ModelOption]);
        var cpu = new XElement(
            "cpu",
            new XAttribute("mode", "custom"),
            new XAttribute("match", "exact"),
            new XAttribute("check", resolved[CheckOption]),
            new XElement("model", new XAttribute("fallback", "forbid"), plan.Model.Name),
            HasVendor(profile.Vendor) ? new XElement("vendor", profile.Vendor.LibvirtName()) : null,
            plan.Features.Select(x => new XElement("feature", new XAttribute("policy", x.Policy), new XAttribute("name", x.Feature.Spellings.Libvirt!))));
        var document = new XDocument(
            // A profile name may contain "--", which an XML comment may not.
            new XComment($" cpupolicy: profile {profile.Name.Replace("--", "- -", StringComparison.Ordinal)} for libvirt {vocabulary.Release} "),
            cpu);
        var settings = new XmlWriterSettings
        {
            OmitXmlDeclaration = true,
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            NewLineHandling = NewLineHandling.Replace,
        };
        var text = new StringBuilder();
        using (var writer = XmlWriter.Create(text, settings))
        {
            document.Save(writer);
        }

        return text.Append('\n').ToString();
    }

    public FeatureSet Decode(string artifact, TargetOptions options, string source = "<artifact>")
    {
        var resolved = BackendOptions.Resolve(this, options);
        var vocabulary = target.VocabularyFor(this, options);
        var loaded = LibvirtXml.Load(artifact, source);
        if (Arm64LibvirtCpu.IsArm64(loaded))
        {
            return Arm64LibvirtCpu.Decode(loaded, resolved[QemuReleaseOption], source);
        }

        var cpu = FindCpu(loaded, source);
        var mode = (string?)cpu.Attribute("mode") ?? "custom";
        if (mode != "custom")
        {
            throw new DiagnosticException(DiagnosticCatalog.ArtifactNotDecodable.Create(
                LibvirtXml.SpanOf(cpu, source),
                $"<cpu mode='{mode}'> takes its features from the host, so it has no fixed feature set",
                "use mode='custom' with a named model"));
        }

        var model = ReadModel(cpu, vocabulary, source) ?? throw new DiagnosticException(DiagnosticCatalog.ArtifactNotDecodable.Create(
            LibvirtXml.SpanOf(cpu, source),
            "the <cpu> names no <model>, so the CPU is whatever the hypervisor defaults to",
            "add <model fallback='forbid'>NAME</model>"));
        return LibvirtExpansion.Apply(model, FeatureRefs(cpu, source), vocabulary);
    }

    /// <summary>
    /// Reads a guest <c>&lt;cpu&gt;</c> (alone or in a domain XML) as libvirt does, keeping what <see cref="Decode"/>
    /// cannot: the mode, match, check and fallback, and each feature under its own policy (optional ones included).
    /// A custom CPU must name a model (CP0505); a bad mode, match, check or fallback is CP0504.
    /// </summary>
    public LibvirtCpuDefinition ReadDefinition(string artifact, TargetOptions options, string source = "<artifact>")
    {
        var vocabulary = target.VocabularyFor(this, options);
        var document = LibvirtXml.Load(artifact, source);
        var cpu = FindCpu(document, source);
        var mode = Attribute(cpu, "mode", "custom", ["custom", "host-model", "host-passthrough", "maximum"], source);
        var match = Attribute(cpu, "match", "exact", ["minimum", "exact", "strict"], source);
        var check = cpu.Attribute("check") is null ? null : Attribute(cpu, "check", "full", ["none", "partial", "full"], source);
        var modelElement = cpu.Elements().FirstOrDefault(e => e.Name.LocalName == "model");
        var fallback = modelElement is null ? "allow" : Attribute(modelElement, "fallback", "allow", ["allow", "forbid"], source);
        var model = ReadModel(cpu, vocabulary, source);
        if (model is null && mode == "custom")
        {
            throw new DiagnosticException(DiagnosticCatalog.ArtifactNotDecodable.Create(
                LibvirtXml.SpanOf(cpu, source),
                "the <cpu> names no <model>, so the CPU is whatever the hypervisor defaults to",
                "add <model fallback='forbid'>NAME</model>"));
        }

        var sets = LibvirtExpansion.Classify(FeatureRefs(cpu, source), vocabulary);
        var vendorText = cpu.Elements().FirstOrDefault(e => e.Name.LocalName == "vendor")?.Value.Trim();
        var arch = cpu.Elements().FirstOrDefault(e => e.Name.LocalName == "arch")?.Value.Trim()
            ?? (document.Root!.Name.LocalName == "domain"
                ? document.Root.Elements().FirstOrDefault(e => e.Name.LocalName == "os")?.Elements().FirstOrDefault(e => e.Name.LocalName == "type")?.Attribute("arch")?.Value.Trim()
                : null);
        return new LibvirtCpuDefinition
        {
            Mode = mode,
            Match = match,
            Check = check,
            Fallback = fallback,
            Model = model,
            ModelFeatures = model is null ? FeatureSet.Empty : model.Features - model.Removed,
            Vendor = string.IsNullOrEmpty(vendorText) ? CpuVendor.Unknown : CpuVendors.Parse(vendorText),
            ForeignArch = arch is null or "" or "x86_64" or "i686" ? null : arch,
            Vocabulary = vocabulary.Named,
            Force = sets.Force,
            Require = sets.Require,
            Optional = sets.Optional,
            Disable = sets.Disable,
            Forbid = sets.Forbid,
        };
    }

    private static XElement FindCpu(XDocument document, string source)
    {
        var root = document.Root!;
        return root.Name.LocalName == "cpu" ? root : root.Descendants().FirstOrDefault(e => e.Name.LocalName == "cpu")
            ?? throw ArtifactErrors.File(DiagnosticCatalog.ArtifactMalformed, source, "no <cpu> element", "give the <cpu> element or a domain XML that has one");
    }

    private CpuModel? ReadModel(XElement cpu, LibvirtVocabulary vocabulary, string source)
    {
        var modelElement = cpu.Elements().FirstOrDefault(e => e.Name.LocalName == "model");
        var modelName = modelElement?.Value.Trim();
        return modelElement is null || string.IsNullOrEmpty(modelName)
            ? null
            : LibvirtExpansion.FindModel(modelName, vocabulary, models, LibvirtXml.SpanOf(modelElement, source));
    }

    private static IEnumerable<LibvirtFeatureRef> FeatureRefs(XElement cpu, string source) =>
        cpu.Elements()
            .Where(e => e.Name.LocalName == "feature")
            .Select(e => new LibvirtFeatureRef((string?)e.Attribute("name"), (string?)e.Attribute("policy"), LibvirtXml.SpanOf(e, source)));

    private static string Attribute(XElement element, string name, string fallback, string[] allowed, string source)
    {
        var value = (string?)element.Attribute(name);
        if (value is null)
        {
            return fallback;
        }

        return allowed.Contains(value, StringComparer.Ordinal)
            ? value
            : throw new DiagnosticException(DiagnosticCatalog.ArtifactBadValue.Create(
                LibvirtXml.SpanOf(element, source),
                $"<{element.Name.LocalName} {name}='{value}'> is not a value libvirt knows",
                $"use {string.Join(", ", allowed)}"));
    }

    public FeatureSet Controllable(ProfileIr profile, TargetOptions options)
    {
        var resolved = BackendOptions.Resolve(this, options);
        return profile.IsArm64
            ? Qemu.Arm64.Arm64QemuCpu.Default.Controllable(profile, resolved[QemuReleaseOption], resolved[ModelOption] is "max" or "maximum" ? "max" : "host")
            : target.VocabularyFor(this, options).Nameable;
    }

    /// <summary>The vocabulary of the release the options name.</summary>
    public LibvirtVocabulary Vocabulary(TargetOptions options) => target.VocabularyFor(this, options);

    public IReadOnlyList<UncontrollableGroup> Uncontrollable(TargetOptions options) =>
        Uncontrollables(target.VocabularyFor(this, options));

    /// <summary>
    /// Whether to emit <c>&lt;vendor&gt;</c>: the profile has a vendor that x86_vendors.xml knows (Intel, AMD and
    /// Hygon in both 9.0.0 and 11.3.0; no Zhaoxin). It is a host check only; libvirt does not pass it to QEMU.
    /// </summary>
    private static bool HasVendor(CpuVendor vendor) => vendor is CpuVendor.Intel or CpuVendor.Amd or CpuVendor.Hygon;

    /// <summary>Why a feature is outside <see cref="LibvirtVocabulary.Nameable"/> (shared with KubeVirt, which hands features to libvirt).</summary>
    public static IReadOnlyList<UncontrollableGroup> Uncontrollables(LibvirtVocabulary vocabulary)
    {
        var db = vocabulary.Db;
        var rules = new (string Reason, Func<FeatureDefinition, bool> Applies)[]
        {
            ("libvirt's cpu_map has no name for it", f => f.Spellings.Libvirt is null),
            ($"libvirt {vocabulary.Release}'s cpu_map does not define it (a newer libvirt does)", f => !vocabulary.InRelease(f.Spellings.Libvirt!)),
            ("libvirt never passes it to QEMU (virQEMUCapsCPUFilterFeatures)", f => LibvirtVocabulary.FilteredNames.Contains(f.Spellings.Libvirt!)),
            ("QEMU has no property for it, so libvirt cannot pass it on", f => f.Spellings.Qemu is null),
        };
        return UncontrollableGroup.ByFirstRule(db, rules, neverGiven: _ => true);
    }
}
