using Cpupolicy.Core.Database;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Core.Backends.Libvirt;

/// <summary>
/// What a libvirt custom CPU means: the model's features as libvirt's cpu_map defines them, plus
/// <c>require</c>/<c>force</c>, minus <c>disable</c>/<c>forbid</c>. Used by the libvirt and KubeVirt decoders.
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

    public static FeatureSet Apply(CpuModel model, IEnumerable<LibvirtFeatureRef> features, LibvirtVocabulary vocabulary)
    {
        var result = model.Features - model.Removed;
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
            result = (reference.Policy ?? "require") switch
            {
                "require" or "force" => result.Add(feature.Index),
                "disable" or "forbid" => result.Remove(feature.Index),
                "optional" => throw new DiagnosticException(DiagnosticCatalog.ArtifactNotDecodable.Create(
                    reference.Span,
                    $"feature `{name}` is optional: whether the guest has it depends on the host",
                    "use require or disable")),
                var other => throw new DiagnosticException(DiagnosticCatalog.ArtifactBadValue.Create(
                    reference.Span,
                    $"feature `{name}` has policy `{other}`",
                    "use require, force, disable or forbid")),
            };
        }

        return result;
    }
}
