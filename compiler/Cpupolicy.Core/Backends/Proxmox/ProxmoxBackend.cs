using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Cpupolicy.Core.Backends.Qemu;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Core.Ir;

namespace Cpupolicy.Core.Backends.Proxmox;

/// <summary>
/// Proxmox VE: a custom CPU model, the <c>cpu-model: P</c> section of <c>/etc/pve/virtual-guest/cpu-models.conf</c>
/// (<c>reported-model</c>, <c>flags +a;-b</c>, and <c>hidden</c>/<c>hv-vendor-id</c>/<c>phys-bits</c> where an option
/// asks), then the VM's line <c>cpu: custom-P</c> as a comment. Proxmox turns it into <c>-cpu MODEL,...,enforce</c>
/// (<see cref="ProxmoxCpuArgument"/>), so the flags are QEMU's names and the plan is QEMU's (<see cref="QemuPlanner"/>)
/// over the reported model as Proxmox changes it (<see cref="ProxmoxCatalog.AddedFlags"/>).
/// </summary>
public sealed partial class ProxmoxBackend : IBackend
{
    public const string ModelOption = "model";
    public const string PhysBitsOption = "phys-bits";
    public const string HiddenOption = "hidden";
    public const string HvVendorIdOption = "hv-vendor-id";
    public const string None = "none";

    /// <summary>The hypervisor leaves KVM shows a guest; <c>hidden 1</c> (QEMU's <c>kvm=off</c>) hides them all.</summary>
    private const uint KvmLeafFirst = 0x40000000, KvmLeafLast = 0x400000ff;

    private readonly FeatureDatabase db;
    private readonly ModelDatabase models;
    private readonly QemuVocabulary vocabulary;
    private readonly QemuPlanner planner;

    public ProxmoxBackend(FeatureDatabase db, ModelDatabase models)
    {
        this.db = db;
        this.models = models;
        vocabulary = new QemuVocabulary(db);
        planner = new QemuPlanner(db, models, vocabulary);
        Options =
        [
            new BackendOption(ModelOption, "auto", "auto (the Proxmox model needing the fewest flags) or a reported-model Proxmox VE accepts", ["auto"])
            {
                CheckOther = (value, _) => CheckModel(value),
            },
            new BackendOption(PhysBitsOption, None, "none, host, or 8 to 64: the phys-bits of the custom model", [None, "host"])
            {
                CheckOther = (value, _) => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var bits) && bits is >= 8 and <= 64
                    ? null
                    : "Proxmox takes `host` or a number from 8 to 64",
            },
            new BackendOption(HiddenOption, "0", "1 hides KVM from the guest (QEMU's kvm=off)", ["0", "1"]),
            new BackendOption(HvVendorIdOption, None, "none, or the Hyper-V vendor id Windows guests see (1 to 12 letters or digits)", [None])
            {
                CheckOther = (value, _) => HvVendorId().IsMatch(value) ? null : "Proxmox takes 1 to 12 ASCII letters or digits",
            },
        ];
    }

    public string Name => "proxmox";

    public string FileSuffix => ".proxmox.conf";

    public bool Recognize(string text) => ProxmoxArtifact.Recognize(text);

    public (CpuVendor Vendor, string? Evidence) StatedVendor(string artifact) => ProxmoxArtifact.StatedVendor(artifact);

    public IReadOnlyList<BackendOption> Options { get; }

    /// <summary>The reported models this release can emit: Proxmox's list within the QEMU 7.2 definitions, deprecated names left out.</summary>
    public IEnumerable<string> Models => ProxmoxCatalog.ReportedModels.Keys
        .Where(m => !ProxmoxCatalog.Deprecated.ContainsKey(m) && planner.FindModel(m) is not null)
        .Order(StringComparer.Ordinal);

    public string Emit(ProfileIr profile, TargetOptions options)
    {
        var resolved = BackendOptions.Resolve(this, options);
        var hidden = resolved[HiddenOption] == "1";
        if (hidden && db.Expand(profile.Features).FirstOrDefault(IsKvmLeaf) is { } kvm)
        {
            throw new DiagnosticException(DiagnosticCatalog.ProxmoxCannotExpress.Create(
                SourceSpan.ForElement("<policy>", "target proxmox hidden"),
                $"profile `{profile.Name}` has `{kvm.Name}`, a KVM leaf that `hidden 1` (kvm=off) hides from the guest",
                "drop `hidden 1`, or remove the feature from the profile"));
        }

        var (model, plan) = Choose(profile, resolved[ModelOption]);
        var flags = plan.Plus.Select(f => (Name: f.Spellings.Qemu!, Sign: '+'))
            .Concat(plan.Minus.Select(f => (Name: f.Spellings.Qemu!, Sign: '-')))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => $"{t.Sign}{t.Name}")
            .ToList();

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# cpupolicy: profile {profile.Name} for Proxmox VE, reported model {model} (QEMU 7.2 definitions).\n");
        text.Append("# Append the section to /etc/pve/virtual-guest/cpu-models.conf. A VM uses it through the `cpu:` line\n");
        text.Append("# at the end: put that line, without `# `, in /etc/pve/qemu-server/VMID.conf.\n");
        text.Append(CultureInfo.InvariantCulture, $"cpu-model: {profile.Name}\n");
        if (flags.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"\tflags {string.Join(";", flags)}\n");
        }

        if (hidden)
        {
            text.Append("\thidden 1\n");
        }

        if (resolved[HvVendorIdOption] is var vendorId && vendorId != None)
        {
            text.Append(CultureInfo.InvariantCulture, $"\thv-vendor-id {vendorId}\n");
        }

        if (resolved[PhysBitsOption] is var bits && bits != None)
        {
            text.Append(CultureInfo.InvariantCulture, $"\tphys-bits {bits}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"\treported-model {model}\n");
        text.Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"# cpu: custom-{profile.Name}\n");
        return text.ToString();
    }

    public FeatureSet Decode(string artifact, TargetOptions options, string source = "<artifact>")
    {
        BackendOptions.Resolve(this, options);
        var cpu = Read(artifact, source);
        var result = cpu.Base;
        var plus = FeatureSet.Empty;
        var minus = FeatureSet.Empty;
        foreach (var (name, (on, line)) in cpu.Flags)
        {
            if (name == ProxmoxCatalog.NestedVirt)
            {
                throw ArtifactErrors.At(DiagnosticCatalog.ArtifactNotDecodable, source, line, 1, 1,
                    "`nested-virt` turns on vmx or svm, whichever the host has, so the guest's features depend on the host",
                    "write `+vmx` or `+svm` in the custom model instead");
            }

            if (vocabulary.Find(name) is { } feature)
            {
                if (on)
                {
                    plus = plus.Add(feature.Index);
                }
                else
                {
                    minus = minus.Add(feature.Index);
                }
            }
            else if (!QemuVocabulary.IsOtherProperty(name) && !name.StartsWith("kvm", StringComparison.Ordinal))
            {
                throw ArtifactErrors.At(DiagnosticCatalog.ArtifactUnknownFeature, source, line, 1, 1,
                    $"QEMU 7.2 has no CPU flag `{name}`", NameSuggester.DidYouMean(NameSuggester.Suggest(name, vocabulary.Names)));
            }
        }

        // QEMU applies every `+` before every `-`, so a flag both added and removed under two spellings ends up off.
        result = (result | plus) - minus;
        if (cpu.Hidden)
        {
            result = FeatureSet.Of(db.Expand(result).Where(f => !IsKvmLeaf(f)));
        }

        return result;
    }

    public FeatureSet Controllable(ProfileIr profile, TargetOptions options) => vocabulary.Nameable;

    public IReadOnlyList<UncontrollableGroup> Uncontrollable(TargetOptions options)
    {
        var rest = db.All - vocabulary.Nameable;
        return rest.IsEmpty ? [] : [UncontrollableGroup.NeverGiven("QEMU 7.2 has no -cpu flag for it, so a Proxmox custom model cannot name it", rest)];
    }

    /// <summary>The QEMU <c>-cpu</c> argument Proxmox builds for the artifact's VM (see <see cref="ProxmoxCpuArgument"/>).</summary>
    public string CpuArgument(string artifact, bool kvm, string source = "<artifact>") => ProxmoxCpuArgument.Render(Read(artifact, source), kvm);

    /// <summary>
    /// The artifact's VM CPU as Proxmox resolves it: the VM's <c>cpu:</c> line (or the only section), its custom model,
    /// the reported model (deprecated names replaced), and every flag with the last word on it (Proxmox's order:
    /// its own flags, a built-in model's, the custom model's, the VM's).
    /// </summary>
    public ProxmoxResolvedCpu Read(string artifact, string source)
    {
        var (sections, vm) = ProxmoxConfig.Parse(artifact, source);
        ProxmoxCustomModel? custom = null;
        string reported;
        var flags = new SortedDictionary<string, (bool On, int Line)>(StringComparer.Ordinal);
        var builtin = (IReadOnlyList<(string, bool)>)[];
        if (vm is not null && !vm.CpuType.StartsWith("custom-", StringComparison.Ordinal))
        {
            if (ProxmoxCatalog.BuiltinModels.TryGetValue(vm.CpuType, out var b))
            {
                (reported, builtin) = b;
            }
            else
            {
                reported = vm.CpuType;
                CheckReported(reported, source, vm.Line);
            }
        }
        else
        {
            var id = vm?.CpuType["custom-".Length..];
            custom = id is null
                ? sections.Count == 1 ? sections[0] : throw ArtifactErrors.File(DiagnosticCatalog.ArtifactMalformed, source,
                    sections.Count == 0 ? "no `cpu-model:` section" : "several `cpu-model:` sections and no VM `cpu:` line to choose one",
                    "add the VM's line `# cpu: custom-NAME`")
                : sections.FirstOrDefault(s => s.Id == id) ?? throw ArtifactErrors.At(DiagnosticCatalog.ArtifactMalformed, source, vm!.Line, 1, 1,
                    $"the VM's `cpu: custom-{id}` names no section of the file", $"add `cpu-model: {id}`");
            var line = custom.Properties.GetValueOrDefault("reported-model")?.Line ?? custom.Line;
            reported = custom.Properties.GetValueOrDefault("reported-model")?.Value ?? "kvm64";
            CheckReported(reported, source, line);
        }

        reported = ProxmoxCatalog.Deprecated.GetValueOrDefault(reported, reported);
        foreach (var (flag, on) in ProxmoxCatalog.AddedFlags(reported))
        {
            flags[flag] = (on, 0);
        }

        foreach (var (flag, on) in builtin)
        {
            flags[flag] = (on, vm!.Line);
        }

        var hidden = false;
        foreach (var properties in new[] { custom?.Properties, vm?.Properties })
        {
            if (properties is null)
            {
                continue;
            }

            foreach (var (key, property) in properties)
            {
                CheckValue(key, property, source);
                if (key == HiddenOption)
                {
                    hidden = property.Value == "1";
                }
            }

            if (properties.GetValueOrDefault("flags") is { } list)
            {
                foreach (var token in list.Value.Split(';'))
                {
                    var name = token[1..];
                    if (ReferenceEquals(properties, vm?.Properties) && !ProxmoxCatalog.VmFlags.Contains(name))
                    {
                        throw ArtifactErrors.At(DiagnosticCatalog.ProxmoxVmCpuRefused, source, list.Line, 1, 1,
                            $"`{name}` is not one of the flags Proxmox allows in a VM's own `cpu:` line",
                            $"put it in the custom model's `flags`; a VM may set only {string.Join(", ", ProxmoxCatalog.VmFlags)}");
                    }

                    flags[name] = (token[0] == '+', list.Line);
                }
            }
        }

        var model = planner.FindModel(reported)!;
        var basis = FeatureSet.Of(db.Expand(model.Features));
        return new ProxmoxResolvedCpu(reported, basis, flags, hidden, custom, vm);
    }

    private (string Model, QemuPlan Plan) Choose(ProfileIr profile, string option)
    {
        var candidates = option != "auto"
            ? [option]
            : Models.Where(m => !ProxmoxCatalog.ThirtyTwoBit.Contains(m)
                && ModelVendors.Fits(ProxmoxCatalog.VendorOf(m), ProxmoxCatalog.ReportedModels[m] == ProxmoxCatalog.DefaultVendor, profile)).ToList();
        var best = candidates
            .Select(m => (Model: m, Plan: planner.PlanFor(profile, AsProxmoxSeesIt(m))))
            .OrderBy(c => c.Plan.Cost)
            .ThenBy(c => c.Model, StringComparer.Ordinal)
            .FirstOrDefault();
        return best.Model is not null ? best : throw new DiagnosticException(DiagnosticCatalog.NoModelFits.Create(
            SourceSpan.ForElement("<policy>", $"profile {profile.Name}"),
            $"Proxmox VE has no reported model for profile `{profile.Name}`: it needs {ModelVendors.Describe(profile)}",
            "name one with `target proxmox { model NAME }` (kvm64 and qemu64 are vendor-neutral)"));
    }

    /// <summary>The reported model's features after the flags Proxmox adds for it.</summary>
    private CpuModel AsProxmoxSeesIt(string reported)
    {
        var model = planner.FindModel(reported)!;
        var features = model.Features;
        foreach (var (flag, on) in ProxmoxCatalog.AddedFlags(reported))
        {
            var f = vocabulary.Find(flag)!;
            features = on ? features.Add(f.Index) : features.Remove(f.Index);
        }

        return model with { Name = reported, Features = features };
    }

    private string? CheckModel(string value)
    {
        if (!ProxmoxCatalog.ReportedModels.ContainsKey(value))
        {
            return NameSuggester.DidYouMean(NameSuggester.Suggest(value, Models)) ?? "Proxmox VE accepts no such reported-model (`cpupolicy models` lists QEMU's; Proxmox takes a subset)";
        }

        if (ProxmoxCatalog.Deprecated.TryGetValue(value, out var replacement))
        {
            return $"Proxmox replaces `{value}` by `{replacement}`: name that";
        }

        return planner.FindModel(value) is null ? $"`{value}` is newer than the QEMU 7.2 definitions this release knows" : null;
    }

    private void CheckReported(string reported, string source, int line)
    {
        if (CheckModel(ProxmoxCatalog.Deprecated.GetValueOrDefault(reported, reported)) is { } hint && !ProxmoxCatalog.Deprecated.ContainsKey(reported))
        {
            throw ArtifactErrors.At(DiagnosticCatalog.ProxmoxModelRefused, source, line, 1, 1, $"`{reported}` is not a reported-model Proxmox VE accepts here", hint);
        }
    }

    private static void CheckValue(string key, ProxmoxProperty property, string source)
    {
        var v = property.Value;
        var ok = key switch
        {
            "flags" => Flags().IsMatch(v),
            HiddenOption => v is "0" or "1",
            HvVendorIdOption => HvVendorId().IsMatch(v),
            PhysBitsOption => v == "host" || (int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var b) && b is >= 8 and <= 64),
            "guest-phys-bits" => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var g) && g is >= 32 and <= 64,
            _ => true,
        };
        if (!ok)
        {
            throw ArtifactErrors.At(DiagnosticCatalog.ArtifactBadValue, source, property.Line, 1, 1, $"Proxmox refuses `{key}` `{v}`",
                key == "flags" ? "write `+flag;-flag`" : "see docs/proxmox.md for the values Proxmox takes");
        }
    }

    private static bool IsKvmLeaf(FeatureDefinition f) => f.Location.Leaf is >= KvmLeafFirst and <= KvmLeafLast;

    [GeneratedRegex(@"^[A-Za-z0-9]{1,12}$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex HvVendorId();

    [GeneratedRegex(@"^[+-][A-Za-z0-9._-]+(;[+-][A-Za-z0-9._-]+)*$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex Flags();
}
