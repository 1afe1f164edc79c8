using System.Globalization;
using System.Text;
using Cpupolicy.Core.Backends.Libvirt;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Core.Ir;

namespace Cpupolicy.Core.Backends.Nova;

/// <summary>
/// OpenStack Nova 26 (Zed, Debian 12), libvirt driver: the <c>[libvirt]</c> section of the compute nodes of a profile
/// (<c>cpu_mode = custom</c>, <c>cpu_models</c> with the profile's model first, <c>cpu_model_extra_flags</c> of
/// <c>+feature</c>/<c>-feature</c>), then, as comments, the flavor extra specs <c>trait:HW_CPU_X86_*</c> that keep the
/// profile's VMs on those nodes. Nova turns the section into a libvirt <c>&lt;cpu mode='custom'&gt;</c> with each extra
/// flag a <c>require</c> or <c>disable</c> feature, so the model and flags are the libvirt backend's plan
/// (<see cref="LibvirtPlanner"/>) and the features a guest sees are libvirt's (<see cref="LibvirtExpansion"/>).
/// </summary>
public sealed class NovaBackend : IBackend
{
    public const string ReleaseOption = "release";
    public const string ModelOption = "model";
    public const string TraitsOption = "traits";

    /// <summary><c>traits pin</c>: required traits for the profile's features, forbidden ones for every other trait the driver reports.</summary>
    public const string Pin = "pin";

    /// <summary><c>traits required</c>: only the required traits.</summary>
    public const string Required = "required";

    /// <summary><c>traits none</c>: no flavor extra specs.</summary>
    public const string NoTraits = "none";

    /// <summary>The Nova release whose option definitions and libvirt driver the artifact is written for.</summary>
    public const string NovaRelease = "26";

    /// <summary>The choices of <c>[libvirt] cpu_mode</c> in Nova 26's option definition.</summary>
    public static readonly IReadOnlyList<string> CpuModes = ["host-model", "host-passthrough", "custom", "none"];

    private readonly FeatureDatabase db;
    private readonly ModelDatabase models;
    private readonly LibvirtPlanner planner;
    private readonly Dictionary<string, LibvirtVocabulary> vocabularies;

    public NovaBackend(FeatureDatabase db, ModelDatabase models)
    {
        this.db = db;
        this.models = models;
        planner = new LibvirtPlanner(db, models);
        vocabularies = LibvirtVocabulary.Releases.ToDictionary(r => r, r => new LibvirtVocabulary(db, r), StringComparer.Ordinal);
        Options =
        [
            new BackendOption(
                ReleaseOption, LibvirtVocabulary.Release9,
                "the libvirt of the compute nodes, whose cpu_map names the models and flags: 9.0.0 (Debian 12) or 11.3.0",
                LibvirtVocabulary.Releases),
            planner.ModelOption("auto (the model needing the fewest extra flags) or a libvirt model name", vocabularies, ReleaseOption),
            new BackendOption(
                TraitsOption, Required,
                "the flavor extra specs: required (the profile's CPU traits), pin (also forbidden ones: no other profile's nodes), none",
                [Required, Pin, NoTraits]),
        ];
    }

    /// <summary>How <c>cpu_model_extra_flags</c> spells a feature (<c>+</c> and libvirt's name), or null.</summary>
    public static string? FlagSpelling(FeatureDefinition f) => f.Spellings.Libvirt is { } name ? "+" + name : null;

    /// <summary>The traits Nova's libvirt driver reports for a feature (the flavor's <c>trait:NAME</c>), sorted.</summary>
    public static IReadOnlyList<string> TraitsOf(FeatureDefinition f) => f.Spellings.Libvirt is { } name ? NovaTraits.For(name) : [];

    public string Name => "nova";

    public string FileSuffix => ".nova.conf";

    public bool Recognize(string text) => NovaArtifact.Recognize(text);

    public IReadOnlyList<BackendOption> Options { get; }

    public string Emit(ProfileIr profile, TargetOptions options)
    {
        var resolved = BackendOptions.Resolve(this, options);
        var vocabulary = vocabularies[resolved[ReleaseOption]];
        var traits = resolved[TraitsOption];
        var plan = Choose(profile, vocabulary, resolved[ModelOption], traits == Pin);
        var flags = plan.Features.Select(x => (x.Policy == "require" ? "+" : "-") + x.Feature.Spellings.Libvirt!).ToList();

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# cpupolicy: profile {profile.Name} for OpenStack Nova {NovaRelease} (libvirt driver) on compute nodes with libvirt {vocabulary.Release}.\n");
        text.Append("# Put the [libvirt] section in nova.conf (or a file of /etc/nova/nova.conf.d/) of every compute node that\n");
        text.Append("# runs the profile's VMs, then restart nova-compute.\n");
        text.Append("[libvirt]\n");
        text.Append("cpu_mode = custom\n");
        text.Append(CultureInfo.InvariantCulture, $"cpu_models = {plan.Model.Name}\n");
        if (flags.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"cpu_model_extra_flags = {string.Join(", ", flags)}\n");
        }

        var specs = traits == NoTraits ? [] : FlavorSpecs(profile, vocabulary, plan, traits == Pin);
        if (specs.Count > 0)
        {
            text.Append('\n');
            text.Append("# The flavor extra specs that keep the profile's VMs on these compute nodes (docs/nova.md):\n");
            text.Append("# openstack flavor set FLAVOR");
            foreach (var (trait, value) in specs)
            {
                text.Append(CultureInfo.InvariantCulture, $" \\\n#   --property trait:{trait}={value}");
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    public FeatureSet Decode(string artifact, TargetOptions options, string source = "<artifact>")
    {
        var vocabulary = vocabularies[BackendOptions.Resolve(this, options)[ReleaseOption]];
        var cpu = Read(artifact, options, source);
        return LibvirtExpansion.Apply(cpu.Model, cpu.Flags, vocabulary);
    }

    public FeatureSet Controllable(ProfileIr profile, TargetOptions options) =>
        vocabularies[BackendOptions.Resolve(this, options)[ReleaseOption]].Nameable;

    public IReadOnlyList<UncontrollableGroup> Uncontrollable(TargetOptions options) =>
        LibvirtBackend.Uncontrollables(vocabularies[BackendOptions.Resolve(this, options)[ReleaseOption]]);

    /// <summary>
    /// Reads a <c>[libvirt]</c> section (alone or in a whole nova.conf) as Nova 26 does, refusing what oslo.config
    /// or the libvirt driver refuse (CP0550), and picks the model a VM of the flavor in the artifact's comments gets,
    /// refusing trait extra specs these nodes never satisfy (CP0551).
    /// </summary>
    public NovaGuestCpu Read(string artifact, TargetOptions options, string source = "<artifact>")
    {
        var vocabulary = vocabularies[BackendOptions.Resolve(this, options)[ReleaseOption]];
        var (section, hasSection, specs) = NovaConfig.Parse(artifact, source);
        if (!hasSection)
        {
            throw ArtifactErrors.File(DiagnosticCatalog.ArtifactMalformed, source, "no `[libvirt]` section", "give the `[libvirt]` section with `cpu_mode = custom`");
        }

        var mode = section.GetValueOrDefault("cpu_mode");
        var modelsOption = section.GetValueOrDefault("cpu_models") ?? section.GetValueOrDefault("cpu_model");
        if (mode is null)
        {
            throw ArtifactErrors.File(DiagnosticCatalog.ArtifactNotDecodable, source,
                "no `cpu_mode`: Nova then gives KVM and QEMU guests `host-model`, whose features depend on the host",
                "set `cpu_mode = custom` and `cpu_models`");
        }

        if (!CpuModes.Contains(mode.Value, StringComparer.Ordinal))
        {
            throw Refused(source, mode.Line, $"oslo.config refuses `cpu_mode = {mode.Value}`", $"Nova {NovaRelease} takes {string.Join(", ", CpuModes)}");
        }

        if (mode.Value != "custom")
        {
            if (modelsOption is not null && ListItems(modelsOption.Value).Count > 0)
            {
                throw Refused(source, modelsOption.Line, $"Nova refuses `cpu_models` with `cpu_mode = {mode.Value}` (\"The cpu_models option is not required when cpu_mode!=custom\")",
                    "drop `cpu_models`, or set `cpu_mode = custom`");
            }

            throw ArtifactErrors.At(DiagnosticCatalog.ArtifactNotDecodable, source, mode.Line, 1, 1,
                $"`cpu_mode = {mode.Value}` takes the guest CPU from the host or from QEMU's default, not from the section",
                "set `cpu_mode = custom` and `cpu_models`");
        }

        var names = modelsOption is null ? [] : ListItems(modelsOption.Value);
        if (names.Count == 0)
        {
            throw Refused(source, modelsOption?.Line ?? mode.Line, "Nova refuses `cpu_mode = custom` without `cpu_models` (\"The cpu_models option is required when cpu_mode=custom\")",
                "add `cpu_models = MODEL`");
        }

        var catalog = models.InCatalog(vocabulary.Catalog).ToList();
        var cpuModels = names.Select(n => FindModel(n, catalog, vocabulary, source, modelsOption!.Line)).ToList();
        var flags = ReadFlags(section.GetValueOrDefault("cpu_model_extra_flags"), source);
        LibvirtExpansion.Classify(flags, vocabulary);
        var reported = ReportedTraits(cpuModels, flags.Select(f => f.Name!));
        var model = ModelForFlavor(cpuModels, specs, reported, source);
        return new NovaGuestCpu(cpuModels, model, flags, reported, specs);
    }

    /// <summary>
    /// The traits Nova 26's driver reports for a node with these models and extra flags (<c>_get_cpu_feature_traits</c>):
    /// the traits of every feature of every model's libvirt definition, and of every flag named, whatever its sign.
    /// </summary>
    public IReadOnlySet<string> ReportedTraits(IEnumerable<CpuModel> cpuModels, IEnumerable<string> flagNames)
    {
        var features = new HashSet<string>(flagNames, StringComparer.Ordinal);
        foreach (var m in cpuModels)
        {
            features.UnionWith(DefinitionNames(m));
        }

        return NovaTraits.All.Where(t => t.Value is { } f && features.Contains(f)).Select(t => t.Key).ToHashSet(StringComparer.Ordinal);
    }

    private LibvirtPlan Choose(ProfileIr profile, LibvirtVocabulary vocabulary, string model, bool pin)
    {
        if (!pin)
        {
            return WithoutIdleTraitFlags(planner.Plan(profile, vocabulary, model));
        }

        LibvirtPlan plan;
        try
        {
            plan = WithoutIdleTraitFlags(planner.Plan(profile, vocabulary, model, m => Unpinnable(profile, m, []) is { Count: > 0 } c
                ? $"{m.Name} has {string.Join(", ", c)}"
                : null));
        }
        catch (DiagnosticException e) when (e.Diagnostic.Code == DiagnosticCatalog.NoModelFits.Code && model == "auto")
        {
            // Say why in Nova's terms when some model fits the profile but every one would report a trait it lacks.
            plan = WithoutIdleTraitFlags(planner.Plan(profile, vocabulary, model));
        }

        var conflicts = Unpinnable(profile, plan.Model, plan.Disable);
        if (conflicts.Count > 0)
        {
            throw new DiagnosticException(DiagnosticCatalog.NovaTraitNotPinnable.Create(
                SourceSpan.ForElement("<policy>", "target nova traits"),
                $"profile `{profile.Name}` lacks {string.Join(", ", conflicts.Select(c => $"`{c}`"))}, but Nova {NovaRelease} would report "
                + $"{(conflicts.Count == 1 ? "its trait" : "their traits")} on nodes with model `{plan.Model.Name}` (a model's feature or a `-` flag counts as present), "
                + "so `traits pin` cannot keep other flavors' VMs off these nodes",
                model == "auto"
                    ? "no model of this libvirt lacks them all; use `target nova { traits required }` (docs/nova.md)"
                    : "name another model, or use `target nova { traits required }`"));
        }

        return plan;
    }

    /// <summary>
    /// The plan less each <c>-feature</c> flag that has a CPU trait and that neither libvirt's nor QEMU 7.2's definition
    /// of the model has: the guest lacks it without the flag (under KVM, which turns svm off, as under TCG), and Nova
    /// would report the trait of a named flag whatever its sign. The libvirt planner names svm (accelerator-dependent)
    /// on every model; this keeps it off Intel models' nodes.
    /// </summary>
    private LibvirtPlan WithoutIdleTraitFlags(LibvirtPlan plan)
    {
        var libvirtView = plan.Model.Features - plan.Model.Removed;
        var qemuView = models.Find(ModelDatabase.Qemu, plan.Model.Name) is { } q ? models.Resolve(q).Features : libvirtView;
        var traitFeatures = NovaTraits.All.Values.OfType<string>().ToHashSet(StringComparer.Ordinal);
        return plan with
        {
            Disable = plan.Disable
                .Where(f => !traitFeatures.Contains(f.Spellings.Libvirt!) || libvirtView.Contains(f) || qemuView.Contains(f))
                .ToList(),
        };
    }

    /// <summary>Features with a trait the profile lacks but the node would report: in the model's libvirt definition, or disabled by a flag.</summary>
    private List<string> Unpinnable(ProfileIr profile, CpuModel model, IEnumerable<FeatureDefinition> disabled)
    {
        var names = DefinitionNames(model).Concat(disabled.Select(f => f.Spellings.Libvirt!)).ToHashSet(StringComparer.Ordinal);
        var has = db.Expand(profile.Features).Select(f => f.Spellings.Libvirt).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return NovaTraits.All.Values.OfType<string>().Distinct(StringComparer.Ordinal)
            .Where(f => names.Contains(f) && !has.Contains(f))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// The flavor's trait extra specs, sorted by trait: <c>required</c> for each trait of a profile feature in the model's
    /// libvirt definition (Nova matches required traits against the model alone, extra flags not counted), and with
    /// <paramref name="pin"/> <c>forbidden</c> for every trait Nova reports for some feature that these nodes do not report.
    /// </summary>
    private List<(string Trait, string Value)> FlavorSpecs(ProfileIr profile, LibvirtVocabulary vocabulary, LibvirtPlan plan, bool pin)
    {
        var definition = DefinitionNames(plan.Model).ToHashSet(StringComparer.Ordinal);
        var has = db.Expand(profile.Features).Select(f => f.Spellings.Libvirt).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var reported = ReportedTraits([plan.Model], plan.Features.Select(x => x.Feature.Spellings.Libvirt!));
        var specs = new List<(string, string)>();
        foreach (var (trait, feature) in NovaTraits.All.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            if (feature is null || vocabulary.Find(feature) is null)
            {
                continue; // never reported for a feature (or not a feature name of this libvirt): no node has it
            }

            if (has.Contains(feature) && definition.Contains(feature))
            {
                specs.Add((trait, "required"));
            }
            else if (pin && !reported.Contains(trait))
            {
                specs.Add((trait, "forbidden"));
            }
        }

        return specs;
    }

    private IEnumerable<string> DefinitionNames(CpuModel model) =>
        db.Expand(model.Features - model.Removed).Select(f => f.Spellings.Libvirt).OfType<string>();

    private CpuModel ModelForFlavor(List<CpuModel> cpuModels, IReadOnlyList<NovaTraitSpec> specs, IReadOnlySet<string> reported, string source)
    {
        var wanted = new List<string>();
        foreach (var spec in specs)
        {
            if (spec.Value is not ("required" or "forbidden"))
            {
                throw ArtifactErrors.At(DiagnosticCatalog.ArtifactBadValue, source, spec.Line, 1, 1,
                    $"`trait:{spec.Trait}={spec.Value}` is neither required nor forbidden", "write `trait:NAME=required` or `trait:NAME=forbidden`");
            }

            if (!spec.Trait.StartsWith(NovaTraits.Prefix, StringComparison.Ordinal))
            {
                continue; // not a CPU feature trait: placement decides it from other resources
            }

            if (!NovaTraits.All.TryGetValue(spec.Trait, out var feature))
            {
                throw ArtifactErrors.At(DiagnosticCatalog.ArtifactBadValue, source, spec.Line, 1, 1,
                    $"os-traits has no trait `{spec.Trait}`", NameSuggester.DidYouMean(NameSuggester.Suggest(spec.Trait, NovaTraits.All.Keys)));
            }

            if (feature is null)
            {
                continue; // reported from something else than a CPU feature (AMD SEV, ...) or never: not this section's matter
            }

            var required = spec.Value == "required";
            if (required != reported.Contains(spec.Trait))
            {
                throw ArtifactErrors.At(DiagnosticCatalog.NovaTraitsUnmatched, source, spec.Line, 1, 1,
                    required
                        ? $"the flavor requires `{spec.Trait}`, which Nova never reports on a node with this section (no model or flag has `{feature}`)"
                        : $"the flavor forbids `{spec.Trait}`, which Nova reports on a node with this section (a model or a flag names `{feature}`)",
                    "the placement service would find no such compute node: fix the flavor or the section");
            }

            if (required && NovaTraits.MatchedFeature(spec.Trait) is { } matched)
            {
                wanted.Add(matched);
            }
        }

        if (wanted.Count == 0)
        {
            return cpuModels[0];
        }

        return cpuModels.FirstOrDefault(m => DefinitionNames(m).ToHashSet(StringComparer.Ordinal).IsSupersetOf(wanted))
            ?? throw ArtifactErrors.At(DiagnosticCatalog.NovaTraitsUnmatched, source, specs[0].Line, 1, 1,
                $"no model of `cpu_models` has {string.Join(", ", wanted.Distinct(StringComparer.Ordinal).Select(w => $"`{w}`"))} of the flavor's required traits (\"No CPU model match traits\"); Nova counts no extra flag there",
                "list a model that has them in `cpu_models`, or require only traits of the first model's features");
    }

    private CpuModel FindModel(string name, List<CpuModel> catalog, LibvirtVocabulary vocabulary, string source, int line) =>
        // Nova maps a configured model to libvirt's spelling without regard to case.
        catalog.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.Ordinal))
        ?? catalog.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw Refused(source, line,
            $"Nova refuses CPU model `{name}`: libvirt {vocabulary.Release} lists no such model (\"Configured CPU model: {name} is not correct\")",
            NameSuggester.DidYouMean(NameSuggester.Suggest(name, catalog.Select(m => m.Name))) ?? "`virsh cpu-models x86_64` lists the models");

    /// <summary>
    /// The extra flags as Nova 26 passes them to libvirt: items lower-cased and de-duplicated, a leading <c>-</c>
    /// disables, a leading <c>+</c> or none requires. Two items for one feature (<c>+avx, -avx</c>) are refused, as
    /// libvirt refuses a feature named twice.
    /// </summary>
    private static List<LibvirtFeatureRef> ReadFlags(NovaOption? option, string source)
    {
        var flags = new List<LibvirtFeatureRef>();
        if (option is null)
        {
            return flags;
        }

        var span = SourceSpan.At(source, option.Line, 1, 1);
        foreach (var item in ListItems(option.Value).Select(i => i.ToLowerInvariant()).Distinct(StringComparer.Ordinal))
        {
            var disable = item.StartsWith('-');
            var name = disable ? item.TrimStart('-') : item.TrimStart('+');
            if (name.Length == 0)
            {
                throw Refused(source, option.Line, $"the extra flag `{item}` names no feature", "write `+feature` or `-feature`, separated by commas");
            }

            if (flags.Any(f => f.Name == name))
            {
                throw Refused(source, option.Line, $"`{name}` is given twice in `cpu_model_extra_flags`: libvirt refuses a guest CPU that names a feature twice",
                    "keep one `+` or `-` item per feature");
            }

            flags.Add(new LibvirtFeatureRef(name, disable ? "disable" : "require", span));
        }

        return flags;
    }

    /// <summary>An oslo.config list: the value stripped of spaces and trailing commas, split at commas, each item stripped.</summary>
    private static List<string> ListItems(string value)
    {
        var s = value.Trim().TrimEnd(',');
        return s.Length == 0 ? [] : s.Split(',').Select(i => i.Trim()).ToList();
    }

    private static DiagnosticException Refused(string source, int line, string message, string hint) =>
        ArtifactErrors.At(DiagnosticCatalog.NovaSectionRefused, source, line, 1, 1, message, hint);
}
