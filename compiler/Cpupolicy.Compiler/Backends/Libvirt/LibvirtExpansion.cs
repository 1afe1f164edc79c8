using Cpupolicy.Compiler.Database;
using Cpupolicy.Policy.Diagnostics;

namespace Cpupolicy.Compiler.Backends.Libvirt;

/// <summary>
/// What a libvirt custom CPU means: the model's features as libvirt's cpu_map defines them, plus
/// <c>require</c>/<c>force</c>, minus <c>disable</c>/<c>forbid</c>. Used by the libvirt and KubeVirt decoders, and
/// (through <see cref="Classify"/>) by <c>migrate</c>, which keeps each policy apart.
/// </summary>
public static class LibvirtExpansion
{
    /// <summary>
    /// The model of this name in the release's catalog, else in the other libvirt catalog (an artifact written for
    /// 11.3.0 uses <c>-vN</c> names 9.0.0 lacks); throws CP0503 with suggestions when neither has it.
    /// </summary>
    public static CpuModel FindModel(string name, LibvirtVocabulary vocabulary, ModelDatabase models, SourceSpan span)
    {
        var other = vocabulary.Catalog == ModelDatabase.Libvirt9 ? ModelDatabase.Libvirt11 : ModelDatabase.Libvirt9;
        return models.Find(vocabulary.Catalog, name) ?? models.Find(other, name)
            ?? throw new DiagnosticException(DiagnosticCatalog.ArtifactUnknownModel.Create(
                span,
                $"libvirt {vocabulary.Release} has no CPU model `{name}`",
                NameSuggester.DidYouMean(NameSuggester.Suggest(name, models.InCatalog(vocabulary.Catalog).Select(m => m.Name)))));
    }

    /// <summary>
    /// What a custom CPU means when it has no optional feature: the model's features, plus <c>require</c>/<c>force</c>,
    /// minus <c>disable</c>/<c>forbid</c>. An optional feature is on only where the host has it, so it throws CP0505.
    /// </summary>
    public static FeatureSet Apply(CpuModel model, IEnumerable<LibvirtFeatureRef> features, LibvirtVocabulary vocabulary)
    {
        var sets = Classify(features, vocabulary);
        if (sets.OptionalAt.Count > 0)
        {
            var (name, span) = sets.OptionalAt[0];
            throw new DiagnosticException(DiagnosticCatalog.ArtifactNotDecodable.Create(
                span,
                $"feature `{name}` is optional: whether the guest has it depends on the host",
                "use require or disable"));
        }

        return ((model.Features - model.Removed) | sets.Force | sets.Require) - sets.Disable - sets.Forbid;
    }

    /// <summary>
    /// Each listed feature under its policy (no policy is <c>require</c>), checking names and policies with the same
    /// diagnostics as <see cref="Apply"/>: a nameless feature, a feature given twice, an unknown name or policy.
    /// </summary>
    public static LibvirtFeaturePolicies Classify(IEnumerable<LibvirtFeatureRef> features, LibvirtVocabulary vocabulary)
    {
        var sets = new Dictionary<string, FeatureSet>(StringComparer.Ordinal);
        var optional = new List<(string, SourceSpan)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var reference in features)
        {
            if (string.IsNullOrEmpty(reference.Name))
            {
                throw new DiagnosticException(DiagnosticCatalog.ArtifactMalformed.Create(
                    reference.Span, "a <feature> has no name", "write <feature policy='require' name='avx2'/>"));
            }

            var name = reference.Name;
            if (!seen.Add(name))
            {
                throw new DiagnosticException(DiagnosticCatalog.ArtifactMalformed.Create(
                    reference.Span, $"feature `{name}` is given more than once", "libvirt refuses a CPU that names a feature twice"));
            }

            var feature = vocabulary.Find(name) ?? throw new DiagnosticException(DiagnosticCatalog.ArtifactUnknownFeature.Create(
                reference.Span,
                $"libvirt {vocabulary.Release} has no CPU feature `{name}`",
                NameSuggester.DidYouMean(NameSuggester.Suggest(name, vocabulary.Names))));
            var policy = reference.Policy ?? "require";
            if (policy is not ("require" or "force" or "disable" or "forbid" or "optional"))
            {
                throw new DiagnosticException(DiagnosticCatalog.ArtifactBadValue.Create(
                    reference.Span,
                    $"feature `{name}` has policy `{policy}`",
                    "use require, force, optional, disable or forbid"));
            }

            if (policy == "optional")
            {
                optional.Add((name, reference.Span));
            }

            sets[policy] = sets.GetValueOrDefault(policy, FeatureSet.Empty).Add(feature.Index);
        }

        return new LibvirtFeaturePolicies(
            sets.GetValueOrDefault("force", FeatureSet.Empty),
            sets.GetValueOrDefault("require", FeatureSet.Empty),
            sets.GetValueOrDefault("optional", FeatureSet.Empty),
            sets.GetValueOrDefault("disable", FeatureSet.Empty),
            sets.GetValueOrDefault("forbid", FeatureSet.Empty),
            optional);
    }
}
