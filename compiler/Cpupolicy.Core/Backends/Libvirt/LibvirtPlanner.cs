using Cpupolicy.Core.Database;
using Cpupolicy.Core.Ir;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Core.Backends.Libvirt;

/// <summary>
/// Chooses the model and the explicit features of a libvirt guest CPU.
/// <para>
/// libvirt hands QEMU only the model name and the explicit features, so the guest gets QEMU's definition of the
/// model, while libvirt (and this project's decoder) read libvirt's definition (research libvirt-qemu.md §0.1, §1.5).
/// The plan is therefore exact under both: every nameable feature on which the profile and either definition
/// disagree is named, and so is every accelerator-dependent feature (<see cref="AcceleratorDefaults"/>) and every
/// feature behind a gate the profile turns on (<see cref="QemuGates"/>).
/// </para>
/// </summary>
public sealed class LibvirtPlanner
{
    private readonly FeatureDatabase db;
    private readonly ModelDatabase models;
    private readonly FeatureSet accelerator;
    private readonly QemuGates gates;

    public LibvirtPlanner(FeatureDatabase db, ModelDatabase models)
    {
        this.db = db;
        this.models = models;
        accelerator = AcceleratorDefaults.In(db);
        gates = new QemuGates(db);
    }

    /// <summary>
    /// The plan for an explicit model, or for <c>auto</c>: the model of the release, among those QEMU 7.2 also defines
    /// and whose vendor fits (<see cref="ModelVendors"/>: the vendor QEMU's model shows the guest, and libvirt's
    /// vendor-less models count as neutral), needing the fewest <c>&lt;feature&gt;</c> elements; ties go to the model
    /// libvirt lists last (the newest), then by name. <paramref name="eligible"/>, when given, narrows the models
    /// <c>auto</c> may pick (KubeVirt: only models usable on every node); it says why a model is out, or null.
    /// </summary>
    public LibvirtPlan Plan(ProfileIr profile, LibvirtVocabulary vocabulary, string model, Func<CpuModel, string?>? eligible = null)
    {
        if (model != "auto")
        {
            var named = models.Find(vocabulary.Catalog, model)
                ?? throw new DiagnosticException(DiagnosticCatalog.TargetOptionBadValue.Create(
                    SourceSpan.ForElement("<policy>", "target model"),
                    $"libvirt {vocabulary.Release} has no CPU model `{model}`",
                    NameSuggester.DidYouMean(Suggest(model, vocabulary))));
            return PlanFor(profile, vocabulary, named);
        }

        var fitting = models.InCatalog(vocabulary.Catalog)
            .Where(m => QemuModel(m.Name) is { } q && ModelVendors.Fits(q.Vendor, m.Vendor == CpuVendor.Unknown, profile))
            .ToList();
        var best = fitting
            .Where(m => eligible is null || eligible(m) is null)
            .Select(m => PlanFor(profile, vocabulary, m))
            .OrderBy(p => p.Cost)
            .ThenByDescending(p => p.Model.Order)
            .ThenBy(p => p.Model.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        if (best is not null)
        {
            return best;
        }

        var why = eligible is not null && fitting.Count > 0
            ? $"none of its {fitting.Count} models of the right vendor is usable on every host (the nearest, {Nearest(fitting, eligible)})"
            : $"it needs {ModelVendors.Describe(profile)}";
        throw new DiagnosticException(DiagnosticCatalog.NoModelFits.Create(
            SourceSpan.ForElement("<policy>", $"profile {profile.Name}"),
            $"libvirt {vocabulary.Release} has no model for profile `{profile.Name}`: {why}",
            "name a model with `target libvirt { model NAME }`, or split the profile"));
    }

    /// <summary>The reason of the model that misses least (shortest reason, then newest), for messages.</summary>
    private static string Nearest(IEnumerable<CpuModel> candidates, Func<CpuModel, string?> eligible) =>
        candidates.Select(m => (Model: m, Why: eligible(m) ?? string.Empty))
            .OrderBy(x => x.Why.Length)
            .ThenByDescending(x => x.Model.Order)
            .First().Why;

    /// <summary>
    /// libvirt's rule for a named model on a host (<c>virsh domcapabilities</c>' <c>usable='yes'</c>): the host has every
    /// feature of the model. The model's features are libvirt's definition (less what it marks removed) and QEMU 7.2's
    /// definition of the same name, since QEMU decides usability from its own; returns what <paramref name="host"/> lacks.
    /// </summary>
    public FeatureSet MissingOnHost(CpuModel model, FeatureSet host) =>
        ((model.Features - model.Removed) | (QemuDefinition(model.Name) ?? FeatureSet.Empty)) - host;

    /// <summary>
    /// The <c>model</c> option of a backend that names libvirt models (libvirt, KubeVirt): <c>auto</c> or a model of the
    /// release chosen by <paramref name="releaseOption"/>.
    /// </summary>
    public BackendOption ModelOption(string description, IReadOnlyDictionary<string, LibvirtVocabulary> vocabularies, string releaseOption) =>
        new("model", "auto", description, ["auto"])
        {
            CheckOther = (value, resolved) =>
            {
                var vocabulary = vocabularies[resolved[releaseOption]];
                return models.Find(vocabulary.Catalog, value) is not null || value is "host-passthrough" or "maximum"
                    ? null
                    : NameSuggester.DidYouMean(Suggest(value, vocabulary)) ?? $"libvirt {vocabulary.Release} has no such model";
            },
        };

    /// <summary>Model names of the catalog close to <paramref name="name"/>.</summary>
    public IReadOnlyList<string> Suggest(string name, LibvirtVocabulary vocabulary) =>
        NameSuggester.Suggest(name, models.InCatalog(vocabulary.Catalog).Select(m => m.Name));

    private LibvirtPlan PlanFor(ProfileIr profile, LibvirtVocabulary vocabulary, CpuModel model)
    {
        var nameable = vocabulary.Nameable;
        var libvirtView = model.Features - model.Removed;
        var qemuView = QemuDefinition(model.Name) ?? libvirtView;

        // Agreed on by both definitions, not accelerator-dependent and not behind a gate the profile turns on
        // (QemuGates): only then may a feature stay implicit.
        var alwaysNamed = accelerator | gates.Behind(profile.Features);
        var implicitOn = (libvirtView & qemuView) - alwaysNamed;
        var require = (profile.Features & nameable) - implicitOn;
        var disable = (nameable - profile.Features) & (libvirtView | qemuView | model.Removed | alwaysNamed);
        return new LibvirtPlan(model, Sorted(require), Sorted(disable));
    }

    /// <summary>QEMU 7.2's features for a model name as libvirt passes it (unversioned names resolve as in pc-i440fx-7.2).</summary>
    private FeatureSet? QemuDefinition(string name) => QemuModel(name)?.Features;

    private CpuModel? QemuModel(string name) =>
        models.Find(ModelDatabase.Qemu, name) is { } q ? models.Resolve(q) : null;

    private List<FeatureDefinition> Sorted(FeatureSet set) =>
        db.Expand(set).OrderBy(f => f.Spellings.Libvirt, StringComparer.Ordinal).ToList();
}
