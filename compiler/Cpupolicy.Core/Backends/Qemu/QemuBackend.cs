using Cpupolicy.Core.Database;
using Cpupolicy.Core.Ir;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Core.Backends.Qemu;

/// <summary>
/// QEMU: the <c>-cpu</c> argument, <c>-cpu MODEL-vN,+f,-g,...,enforce</c> (<see cref="QemuPlanner"/>). <c>enforce</c>
/// makes QEMU refuse to start rather than silently drop a feature the accelerator cannot give. The decoder reads a
/// <c>-cpu</c> argument back with QEMU's precedence and the QEMU 7.2 model definitions.
/// </summary>
public sealed class QemuBackend : IBackend
{
    public const string ModelOption = "model";

    private readonly ModelDatabase models;
    private readonly QemuVocabulary vocabulary;
    private readonly QemuPlanner planner;

    public QemuBackend(FeatureDatabase db, ModelDatabase models)
    {
        this.models = models;
        vocabulary = new QemuVocabulary(db);
        planner = new QemuPlanner(db, models, vocabulary);
        Options =
        [
            new BackendOption(ModelOption, "auto", "auto (the versioned QEMU 7.2 model needing the fewest +/- tokens) or a model name", ["auto"])
            {
                CheckOther = (value, _) => planner.FindModel(value) is not null
                    ? null
                    : NameSuggester.DidYouMean(planner.Suggest(value)) ?? "QEMU 7.2 has no such model",
            },
        ];
    }

    public string Name => "qemu";

    public string FileSuffix => ".qemu.txt";

    public bool Recognize(string text) => QemuArtifact.Recognize(text);

    public (CpuVendor Vendor, string? Evidence) StatedVendor(string artifact) => QemuArtifact.StatedVendor(artifact);

    public IReadOnlyList<BackendOption> Options { get; }

    public string Emit(ProfileIr profile, TargetOptions options)
    {
        var resolved = BackendOptions.Resolve(this, options);
        return planner.Plan(profile, resolved[ModelOption]).Render() + "\n";
    }

    public FeatureSet Decode(string artifact, TargetOptions options, string source = "<artifact>")
    {
        BackendOptions.Resolve(this, options);
        var cpu = QemuCpuParser.Parse(artifact, vocabulary, source);
        if (cpu.Model is "host" or "max")
        {
            throw ArtifactErrors.File(DiagnosticCatalog.ArtifactNotDecodable, source,
                $"-cpu {cpu.Model} takes its features from the host or accelerator, so it has no fixed feature set",
                "use a named model such as Haswell-v4");
        }

        var model = planner.FindModel(cpu.Model) ?? throw ArtifactErrors.File(
            DiagnosticCatalog.ArtifactUnknownModel, source,
            $"QEMU 7.2 has no CPU model `{cpu.Model}`",
            NameSuggester.DidYouMean(planner.Suggest(cpu.Model)));
        var result = model.Features;
        foreach (var (name, on) in cpu.Properties)
        {
            var f = vocabulary.Find(name)!;
            result = on ? result.Add(f.Index) : result.Remove(f.Index);
        }

        result = cpu.Plus.Aggregate(result, (acc, name) => acc.Add(vocabulary.Find(name)!.Index));
        return cpu.Minus.Aggregate(result, (acc, name) => acc.Remove(vocabulary.Find(name)!.Index));
    }

    public FeatureSet Controllable(ProfileIr profile, TargetOptions options) => vocabulary.Nameable;

    public IReadOnlyList<UncontrollableGroup> Uncontrollable(TargetOptions options)
    {
        var rest = models.FeatureDb.All - vocabulary.Nameable;
        return rest.IsEmpty ? [] : [UncontrollableGroup.NeverGiven("QEMU 7.2 has no -cpu property for it", rest)];
    }
}
