using Cpupolicy.Core.Database;
using Cpupolicy.Core.Ir;

namespace Cpupolicy.Core.Backends.Libvirt;

/// <summary>
/// What every target whose guest CPU libvirt builds shares (libvirt itself, and KubeVirt, which hands its model and
/// features to libvirt unchanged): one vocabulary per libvirt release, the planner that picks the model and the
/// <c>&lt;feature&gt;</c>s, and the <c>release</c> and <c>model</c> options that choose between them.
/// </summary>
public sealed class LibvirtTarget
{
    public const string ReleaseOption = "release";
    public const string ModelOption = "model";

    public LibvirtTarget(FeatureDatabase db, ModelDatabase models)
    {
        Planner = new LibvirtPlanner(db, models);
        Vocabularies = LibvirtVocabulary.Releases.ToDictionary(r => r, r => new LibvirtVocabulary(db, r), StringComparer.Ordinal);
    }

    public LibvirtPlanner Planner { get; }

    /// <summary>Release to its vocabulary.</summary>
    public IReadOnlyDictionary<string, LibvirtVocabulary> Vocabularies { get; }

    /// <summary>The <c>release</c> option (default 9.0.0, Debian 12's).</summary>
    public static BackendOption Release(string description) =>
        new(ReleaseOption, LibvirtVocabulary.Release9, description, LibvirtVocabulary.Releases);

    /// <summary>The <c>model</c> option: <c>auto</c> or a model the release's catalog names.</summary>
    public BackendOption Model(string description) => Planner.ModelOption(description, Vocabularies, ReleaseOption);

    /// <summary>The vocabulary of the release the backend's options name.</summary>
    public LibvirtVocabulary VocabularyFor(IBackend backend, TargetOptions options) =>
        Vocabularies[BackendOptions.Resolve(backend, options)[ReleaseOption]];
}
