using System.Globalization;
using System.Text.RegularExpressions;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Ir;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Core.Backends.Qemu;

/// <summary>
/// Chooses the model and the <c>+</c>/<c>-</c> tokens of a QEMU <c>-cpu</c>: every nameable feature on which the
/// profile and the model disagree, plus every accelerator-dependent one (<see cref="AcceleratorDefaults"/>), so the
/// guest sees the profile under TCG and KVM alike, plus every feature behind a gate the profile turns on
/// (<see cref="QemuGates"/>). Only versioned models are emitted: an unversioned name means
/// different things under different machine types (research libvirt-qemu.md §0.2).
/// </summary>
public sealed partial class QemuPlanner
{
    private readonly FeatureDatabase db;
    private readonly ModelDatabase models;
    private readonly QemuVocabulary vocabulary;
    private readonly FeatureSet accelerator;
    private readonly QemuGates gates;

    public QemuPlanner(FeatureDatabase db, ModelDatabase models, QemuVocabulary vocabulary)
    {
        this.db = db;
        this.models = models;
        this.vocabulary = vocabulary;
        accelerator = AcceleratorDefaults.In(db) & vocabulary.Nameable;
        gates = new QemuGates(db);
    }

    /// <summary>QEMU's empty static model; always valid, though not listed in every catalog.</summary>
    public static CpuModel Base { get; } = new()
    {
        Name = "base", Source = ModelSource.Qemu, Release = "7.2", Features = FeatureSet.Empty,
    };

    /// <summary>
    /// The plan for an explicit model (an unversioned name or alias is replaced by the versioned model it resolves
    /// to in pc-i440fx-7.2), or for <c>auto</c>: the versioned model needing the fewest tokens, ties going to the
    /// highest version, then by name.
    /// </summary>
    public QemuPlan Plan(ProfileIr profile, string model)
    {
        if (model != "auto")
        {
            return PlanFor(profile, FindModel(model) ?? throw new DiagnosticException(DiagnosticCatalog.TargetOptionBadValue.Create(
                SourceSpan.ForElement("<policy>", "target qemu model"),
                $"QEMU 7.2 has no CPU model `{model}`",
                NameSuggester.DidYouMean(Suggest(model)))));
        }

        var best = models.InCatalog(ModelDatabase.Qemu)
            .Where(m => Versioned().IsMatch(m.Name) && ModelVendors.Fits(m.Vendor, IsGeneric(m), profile))
            .Select(m => PlanFor(profile, m))
            .OrderBy(p => p.Cost)
            .ThenByDescending(p => Version(p.Model.Name))
            .ThenBy(p => p.Model.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        return best ?? throw new DiagnosticException(DiagnosticCatalog.NoModelFits.Create(
            SourceSpan.ForElement("<policy>", $"profile {profile.Name}"),
            $"QEMU 7.2 has no model for profile `{profile.Name}`: it needs {ModelVendors.Describe(profile)}",
            "name a model with `target qemu { model NAME }` (`base` has no features of its own)"));
    }

    /// <summary>A model of the QEMU 7.2 catalog (resolved to its versioned model), <c>base</c>, or null.</summary>
    public CpuModel? FindModel(string name) =>
        models.Find(ModelDatabase.Qemu, name) is { } m ? models.Resolve(m) : name == "base" ? Base : null;

    public IReadOnlyList<string> Suggest(string name) =>
        NameSuggester.Suggest(name, models.InCatalog(ModelDatabase.Qemu).Select(m => m.Name));

    /// <summary>
    /// The tokens that turn <paramref name="model"/> (whose features may differ from QEMU's definition, as a
    /// management layer's defaults make them) into the profile.
    /// </summary>
    public QemuPlan PlanFor(ProfileIr profile, CpuModel model)
    {
        var nameable = vocabulary.Nameable;
        var alwaysNamed = accelerator | gates.Behind(profile.Features);
        var plus = (profile.Features & nameable) - (model.Features - alwaysNamed);
        var minus = (nameable - profile.Features) & (model.Features | alwaysNamed);
        return new QemuPlan(model, db.Expand(plus).ToList(), db.Expand(minus).ToList());
    }

    /// <summary>QEMU's generic models (qemu64, kvm64 ...): the ones libvirt's map lists without a vendor.</summary>
    private bool IsGeneric(CpuModel model) =>
        models.Find(ModelDatabase.Libvirt11, model.Name) is { Vendor: CpuVendor.Unknown, Source: ModelSource.Libvirt };

    private static int Version(string name) =>
        Versioned().Match(name) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;

    // Backtracking (source-generated, no start-up cost) on the hook path. Linear: a literal, then one digit run to the end.
    [GeneratedRegex(@"-v([0-9]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Versioned();
}
