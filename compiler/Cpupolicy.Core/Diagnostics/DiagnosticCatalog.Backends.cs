namespace Cpupolicy.Core.Diagnostics;

// CP05xx: backend artifacts. Decoders (artifact text → feature set) throw these inside a DiagnosticException
// naming the token or element at fault; emitters throw them for target options they cannot honour.
public static partial class DiagnosticCatalog
{
    /// <summary>The artifact's overall shape is wrong (no `cpuid =`, not XML, not YAML, no `-cpu` model ...).</summary>
    public static readonly DiagnosticDescriptor ArtifactMalformed = new("CP0501", Severity.Error, "artifact cannot be parsed");

    /// <summary>A feature name that the backend (or this release of it) does not know.</summary>
    public static readonly DiagnosticDescriptor ArtifactUnknownFeature = new("CP0502", Severity.Error, "unknown feature in artifact");

    /// <summary>A CPU model name that the targeted catalog does not define.</summary>
    public static readonly DiagnosticDescriptor ArtifactUnknownModel = new("CP0503", Severity.Error, "unknown CPU model in artifact");

    /// <summary>A known feature or key with a value the backend rejects (`avx=maybe`, `policy='sometimes'`).</summary>
    public static readonly DiagnosticDescriptor ArtifactBadValue = new("CP0504", Severity.Error, "bad value in artifact");

    /// <summary>A valid construct that has no fixed feature set (host-passthrough, `-cpu host`).</summary>
    public static readonly DiagnosticDescriptor ArtifactNotDecodable = new("CP0505", Severity.Error, "artifact has no fixed feature set");

    /// <summary>A Xen xend-form register string that is not `leaf[,subleaf]:eXx=` followed by 32 of `01xks`.</summary>
    public static readonly DiagnosticDescriptor XendRegisterMalformed = new("CP0506", Severity.Error, "bad xend cpuid register string");

    /// <summary>A XAPI featureset that is not 8-digit hex words joined by `-` or `:`.</summary>
    public static readonly DiagnosticDescriptor FeaturesetMalformed = new("CP0507", Severity.Error, "bad Xen featureset");

    /// <summary>A `target` option that the backend does not have.</summary>
    public static readonly DiagnosticDescriptor TargetOptionUnknown = new("CP0508", Severity.Error, "unknown target option");

    /// <summary>A `target` option value that the backend does not accept.</summary>
    public static readonly DiagnosticDescriptor TargetOptionBadValue = new("CP0509", Severity.Error, "bad target option value");

    /// <summary>`model auto` found no named model that can express the profile (e.g. hosts of several vendors).</summary>
    public static readonly DiagnosticDescriptor NoModelFits = new("CP0510", Severity.Error, "no CPU model fits the profile");

    /// <summary>An artifact larger than any real one (guards decoders against hostile input).</summary>
    public static readonly DiagnosticDescriptor ArtifactTooLarge = new("CP0511", Severity.Error, "artifact too large");

    /// <summary>A KubeVirt model that some node of the profile is not labelled for (libvirt finds it unusable there, or it is obsolete).</summary>
    public static readonly DiagnosticDescriptor KubeVirtModelNotEverywhere = new("CP0520", Severity.Error, "KubeVirt model not usable on every node");

    /// <summary>
    /// A Xen profile whose hosts differ in CPUID leaf ranges in a way xl `cpuid=` cannot hide (the libxl form has no key
    /// for leaf 7's or the extended range's maximum): a guest on the host with the extra leaf would see its features.
    /// </summary>
    public static readonly DiagnosticDescriptor XenLeafRangeLeak = new("CP0530", Severity.Error, "xl cpuid= cannot be exact on every host");

    /// <summary>A profile feature that a target cannot give a guest (QEMU 7.2 has no property for `flush-l1d`, ...).</summary>
    public static readonly DiagnosticDescriptor TargetCannotGive = new("CP0531", Severity.Warning, "a target cannot give the guest a feature of the profile");

    /// <summary>A VM's own Proxmox `cpu:` line that Proxmox refuses: a flag outside its VM whitelist, or `reported-model`.</summary>
    public static readonly DiagnosticDescriptor ProxmoxVmCpuRefused = new("CP0540", Severity.Error, "Proxmox refuses the VM's cpu line");

    /// <summary>A `reported-model` that Proxmox VE does not accept, or one the QEMU 7.2 definitions lack.</summary>
    public static readonly DiagnosticDescriptor ProxmoxModelRefused = new("CP0541", Severity.Error, "Proxmox does not accept the reported model");

    /// <summary>A profile that Proxmox's settings cannot give the guest (a KVM-leaf feature under `hidden 1`).</summary>
    public static readonly DiagnosticDescriptor ProxmoxCannotExpress = new("CP0542", Severity.Error, "Proxmox cannot express the profile");

    /// <summary>A `[libvirt]` value that Nova 26 refuses (its option definitions or its libvirt driver's startup checks).</summary>
    public static readonly DiagnosticDescriptor NovaSectionRefused = new("CP0550", Severity.Error, "Nova refuses the [libvirt] section");

    /// <summary>Flavor trait extra specs that no compute node with the section satisfies, or that Nova matches to no model.</summary>
    public static readonly DiagnosticDescriptor NovaTraitsUnmatched = new("CP0551", Severity.Error, "Nova cannot place the flavor on these nodes");

    /// <summary>`traits pin` with a model whose trait-bearing feature the profile disables: Nova would still report the trait.</summary>
    public static readonly DiagnosticDescriptor NovaTraitNotPinnable = new("CP0552", Severity.Error, "Nova would report a trait the profile lacks");
}
