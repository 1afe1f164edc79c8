using Cpupolicy.Compiler.Backends;
using Cpupolicy.Core.Backends;
using Cpupolicy.Core.Backends.Libvirt;
using Cpupolicy.Core.Backends.Proxmox;
using Cpupolicy.Core.Backends.Qemu;
using Cpupolicy.Core.Backends.Xapi;
using Cpupolicy.Core.Backends.Xen;
using Cpupolicy.Core.Database;
using Cpupolicy.Compiler.Inventory;
using Cpupolicy.Core.IO;
using Cpupolicy.Core.Ir;
using Cpupolicy.Compiler.Semantics.Binding;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// Reads a <c>migrate --vm</c> value, telling by content what it is: a profile of the policy, a host inventory, or
/// any backend's artifact (a file, or the value itself: a <c>-cpu</c> string, an xl <c>cpuid=</c> line, a
/// featureset). Each artifact is decoded by its own backend's decoder, so a malformed one gets that backend's
/// diagnostic. Formats that two readers could take are settled by what only one of them has: a guest
/// <c>&lt;cpu&gt;</c> has a <c>mode</c>, <c>match</c> or feature <c>policy</c> (a host's does not); hex words are a
/// VM's featureset (XAPI's decoder), not a host's.
/// </summary>
public static class VmCpuReader
{
    public static VmCpu Read(string value, FleetPolicy? policy, TextReader? stdin = null, BackendRegistry? backends = null, ModelDatabase? models = null)
    {
        backends ??= BackendRegistry.Default;
        models ??= ModelDatabase.Default;
        if (policy?.FindProfile(value) is { } profile)
        {
            return new VmCpu
            {
                Kind = VmCpuKind.Profile,
                Source = $"profile {value}",
                Features = profile.Profile.Features,
                Controlled = models.FeatureDb.All,
                Vendor = profile.Profile.Vendor,
                VendorEvidence = profile.Profile.Vendor == CpuVendor.Unknown ? null : "the profile's hosts",
            };
        }

        string text;
        string source;
        if (value == "-" || File.Exists(value))
        {
            text = InputFile.ReadText(value, stdin);
            source = value == "-" ? "<stdin>" : value;
        }
        else if (LooksInline(value))
        {
            text = value;
            source = "--vm";
        }
        else
        {
            var profiles = policy?.Profiles.Select(p => p.Profile.Name).ToList() ?? [];
            var close = NameSuggester.Suggest(value, profiles);
            throw new DiagnosticException(DiagnosticCatalog.VmNotRecognised.Create(
                SourceSpan.ForElement("--vm", value),
                policy is null
                    ? $"`{value}` is neither a file nor an artifact"
                    : $"`{value}` is neither a profile of `{policy.Path}`, a file, nor an artifact",
                close.Count > 0
                    ? $"did you mean the profile {string.Join(", ", close.Select(c => $"`{c}`"))}?"
                    : policy is null && HostLookup.LooksLikeName(value)
                        ? $"`{value}` looks like the name of a profile: names are looked up in a policy, so add `--policy FILE`"
                        : "give a profile name (with --policy), an inventory file, or an artifact: a -cpu string, a libvirt <cpu>, an xl cpuid= line, a featureset"));
        }

        return Parse(text, source, backends, models);
    }

    /// <summary>Decodes the text of a VM description; <paramref name="source"/> names it in diagnostics.</summary>
    public static VmCpu Parse(string text, string source, BackendRegistry backends, ModelDatabase models)
    {
        var kind = Sniff(text, source, backends);
        if (kind == VmCpuKind.Inventory)
        {
            var host = InventoryReader.Parse(text, source, new InventoryOptions { Models = models, AllowForeignArch = true });
            var symbol = FleetHost.From(source, host, models.FeatureDb).Symbol;
            return new VmCpu
            {
                Kind = VmCpuKind.Inventory,
                Source = source,
                Features = host.ForeignArch is null ? symbol.DefaultView : FeatureSet.Empty,
                Controlled = models.FeatureDb.All,
                Vendor = host.Vendor,
                VendorEvidence = host.Vendor == CpuVendor.Unknown ? null : "the inventory",
                ForeignArch = host.ForeignArch,
                Libvirt = host.Format == InventoryFormat.LibvirtHostCpu ? AsLibvirtHostCpu(host, symbol, models.FeatureDb) : null,
            };
        }

        if ((kind == VmCpuKind.Qemu && QemuBackend.IsArm64Artifact(text, source) is not null)
            || (kind == VmCpuKind.Libvirt && Arm64LibvirtCpu.IsArm64(LibvirtXml.Load(text, source))))
        {
            // An aarch64 -cpu or domain has no x86 features: it is another architecture's CPU (aarch64 pairs go to Arm64Migration).
            return new VmCpu { Kind = kind, Source = source, Features = FeatureSet.Empty, Controlled = models.FeatureDb.All, ForeignArch = "aarch64" };
        }

        if (kind == VmCpuKind.Libvirt && backends.Get(BackendName(kind)) is LibvirtBackend libvirt)
        {
            return ReadLibvirt(libvirt, text, source);
        }

        var backend = backends.Get(BackendName(kind));
        var options = TargetOptions.Defaults(backend.Name);
        if (kind == VmCpuKind.Xen && XenArtifact.IsXendForm(text))
        {
            // The xend form controls fewer features (no MSR bits); what it leaves out follows the boot host.
            options = options with { Values = new Dictionary<string, string>(StringComparer.Ordinal) { [XenBackend.FormatOption] = XenBackend.Xend } };
        }

        var features = backend.Decode(text, options, source);
        var uncontrolled = backend.Uncontrollable(options).Aggregate(FeatureSet.Empty, (acc, g) => acc | g.Features);
        var (vendor, evidence) = backend.StatedVendor(text);
        return new VmCpu
        {
            Kind = kind,
            Source = source,
            Features = features - uncontrolled,
            Controlled = models.FeatureDb.All - uncontrolled,
            HostRelative = kind == VmCpuKind.Xen,
            Vendor = vendor,
            VendorEvidence = evidence,
        };
    }

    /// <summary>
    /// A guest <c>&lt;cpu&gt;</c> read as libvirt reads it: the guest surely sees the model and its required features
    /// (minus forced, optional, disabled and forbidden ones); forced and optional ones, and under <c>minimum</c>,
    /// host-model and host-passthrough the boot host's features, are left for <see cref="MigrationCheck"/> to resolve.
    /// </summary>
    private static VmCpu ReadLibvirt(LibvirtBackend backend, string text, string source)
    {
        var options = TargetOptions.Defaults(backend.Name);
        var cpu = backend.ReadDefinition(text, options, source);
        var uncontrolled = backend.Uncontrollable(options).Aggregate(FeatureSet.Empty, (acc, g) => acc | g.Features);
        var (vendor, evidence) = LibvirtArtifact.StatedVendor(cpu);
        return new VmCpu
        {
            Kind = VmCpuKind.Libvirt,
            Source = source,
            Features = (cpu.Required - cpu.Forbid) - uncontrolled,
            Controlled = backend.Vocabulary(options).Db.All - uncontrolled,
            Forced = cpu.Force - uncontrolled,
            Optional = cpu.Optional - uncontrolled,
            FromBootHost = cpu.Mode switch
            {
                "host-model" => VmBootHostShare.HostModel,
                "host-passthrough" or "maximum" => VmBootHostShare.Passthrough,
                _ => cpu.Match == "minimum" ? VmBootHostShare.Minimum : VmBootHostShare.None,
            },
            Vendor = vendor,
            VendorEvidence = evidence,
            Libvirt = cpu,
            ForeignArch = cpu.ForeignArch,
        };
    }

    /// <summary>
    /// A host's libvirt <c>&lt;cpu&gt;</c> given as the VM: libvirt's comparison requires every feature it lists (a host
    /// CPU's features have no policy) and checks its vendor only when it states one.
    /// </summary>
    private static LibvirtCpuDefinition AsLibvirtHostCpu(HostCapability host, HostSymbol symbol, FeatureDatabase db) => new()
    {
        Mode = "custom",
        Match = "exact",
        Vendor = host.VendorInferred ? CpuVendor.Unknown : host.Vendor,
        ForeignArch = host.ForeignArch,
        Vocabulary = BackendNames.LibvirtNameable(db),
        Require = symbol.Decoded & BackendNames.LibvirtNameable(db),
    };

    /// <summary>
    /// What the text is, asking each backend whether it recognizes its own format (<see cref="IBackend.Recognize"/>);
    /// inventories are what is left.
    /// </summary>
    public static VmCpuKind Sniff(string text, string source, BackendRegistry backends)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith('<'))
        {
            var root = InventoryXml.RootName(text, source);
            return LibvirtArtifact.Recognize(text, root) ? VmCpuKind.Libvirt : VmCpuKind.Inventory;
        }

        // Host dumps whose marks no artifact has (raw CPUID leaves, /proc/cpuinfo, probe output) are inventories
        // before anything else: /proc/cpuinfo's `model : 85` line would otherwise look like KubeVirt's `model:`.
        if (DetectInventory(text, source) is InventoryFormat.CpuidDump or InventoryFormat.ProcCpuinfo or InventoryFormat.Probe)
        {
            return VmCpuKind.Inventory;
        }

        foreach (var kind in (VmCpuKind[])[VmCpuKind.Xen, VmCpuKind.Qemu, VmCpuKind.Proxmox, VmCpuKind.Nova, VmCpuKind.KubeVirt, VmCpuKind.Xapi])
        {
            if (backends.Get(BackendName(kind)).Recognize(text))
            {
                return kind;
            }
        }

        return VmCpuKind.Inventory;
    }

    /// <summary>The inventory format the text would be read as, or null when it is none.</summary>
    private static InventoryFormat? DetectInventory(string text, string source)
    {
        try
        {
            return InventoryReader.Detect(text, source);
        }
        catch (DiagnosticException)
        {
            return null;
        }
    }

    private static string BackendName(VmCpuKind kind) => kind switch
    {
        VmCpuKind.Xen => "xen",
        VmCpuKind.Xapi => "xapi",
        VmCpuKind.Libvirt => "libvirt",
        VmCpuKind.Qemu => "qemu",
        VmCpuKind.KubeVirt => "kubevirt",
        VmCpuKind.Proxmox => "proxmox",
        VmCpuKind.Nova => "nova",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not an artifact kind"),
    };

    /// <summary>An inline value is one line (or XML) that some artifact could start with; a bare word is a typo'd name.</summary>
    private static bool LooksInline(string value)
    {
        var trimmed = value.Trim();
        return trimmed.StartsWith('<') || trimmed.Contains(',', StringComparison.Ordinal) || trimmed.Contains('=', StringComparison.Ordinal)
            || trimmed.StartsWith("-cpu", StringComparison.Ordinal) || ArtifactMarks.IsHexWords(trimmed) || XapiArtifact.HasFeaturesetKey(trimmed)
            || ProxmoxArtifact.Recognize(trimmed);
    }
}
