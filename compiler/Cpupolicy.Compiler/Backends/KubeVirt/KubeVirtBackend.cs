using Cpupolicy.Core.Backends;
using Cpupolicy.Core.Backends.Libvirt;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Ir;
using Cpupolicy.Core.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Cpupolicy.Compiler.Backends.KubeVirt;

/// <summary>
/// KubeVirt: the YAML of <c>spec.domain.cpu</c> (a model and a <c>features</c> list of <c>{name, policy}</c>), then
/// a second document with the node labels the CPU needs, and a third with the cluster-wide form (the KubeVirt CR's
/// <c>spec.configuration.cpuModel</c>). <c>model auto</c> picks only models usable on every node of the profile
/// (<see cref="KubeVirtNodeRules"/>), since KubeVirt schedules a VM only on nodes labelled for its model. KubeVirt hands model and features to libvirt unchanged, so
/// the names and the plan are libvirt's (<see cref="LibvirtPlanner"/>). The decoder reads the cpu mapping bare,
/// under <c>cpu:</c>, or inside a whole VirtualMachine(Instance) manifest.
/// </summary>
public sealed class KubeVirtBackend : IBackend
{
    public const string ModelOption = LibvirtTarget.ModelOption;
    public const string ReleaseOption = LibvirtTarget.ReleaseOption;
    public const string ObsoleteOption = "obsolete";

    /// <summary>KubeVirt adds <c>mpx: disable</c> to every named model that does not name mpx (libvirt issues #304, #608).</summary>
    private const string Mpx = "mpx";

    private readonly FeatureDatabase db;
    private readonly ModelDatabase models;
    private readonly LibvirtTarget target;

    public KubeVirtBackend(FeatureDatabase db, ModelDatabase models)
    {
        this.db = db;
        this.models = models;
        target = new LibvirtTarget(db, models);
        Options =
        [
            // 9.0.0's names are the ones every libvirt that KubeVirt ships still accepts (later maps only add names).
            LibvirtTarget.Release("the libvirt cpu_map whose names to use: 9.0.0 (names every later libvirt keeps) or 11.3.0"),
            target.Model("auto (of the models usable on every node, the one needing the fewest features) or a libvirt model name"),
            new BackendOption(
                ObsoleteOption, "default",
                "the KubeVirt CR's obsoleteCPUModels: default (KubeVirt's list: qemu64, kvm64, core2duo ...; never labelled, never picked) or none (the CR sets it empty)",
                ["default", "none"]),
        ];
    }

    public string Name => "kubevirt";

    public string FileSuffix => ".kubevirt.yaml";

    public bool Recognize(string text) => KubeVirtArtifact.Recognize(text);

    public IReadOnlyList<BackendOption> Options { get; }

    public string Emit(ProfileIr profile, TargetOptions options)
    {
        var resolved = BackendOptions.Resolve(this, options);
        var vocabulary = target.Vocabularies[resolved[ReleaseOption]];
        var obsolete = resolved[ObsoleteOption] == "none" ? new HashSet<string>() : KubeVirtNodeRules.ObsoleteModels;
        string? Unusable(CpuModel m) => KubeVirtNodeRules.WhyNotEverywhere(m, profile, target.Planner, db, obsolete);
        var plan = target.Planner.Plan(profile, vocabulary, resolved[ModelOption], Unusable);
        if (Unusable(plan.Model) is { } why)
        {
            throw new DiagnosticException(DiagnosticCatalog.KubeVirtModelNotEverywhere.Create(
                SourceSpan.ForElement("<policy>", "target kubevirt model"),
                $"a KubeVirt VM with model {why}, so profile `{profile.Name}` could not be scheduled there",
                "use `model auto`, or a model every node can run (`cpupolicy host FILE` shows a node's best model)"));
        }

        // KubeVirt would add `mpx: disable` where mpx is not named; a profile that has mpx must say so.
        if (vocabulary.Find(Mpx) is { } mpx && profile.Features.Contains(mpx) && !plan.Require.Contains(mpx))
        {
            plan = plan with { Require = plan.Require.Append(mpx).OrderBy(f => f.Spellings.Libvirt, StringComparer.Ordinal).ToList() };
        }

        var text = new StringWriter { NewLine = "\n" };
        var emitter = new Emitter(text);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        emitter.Emit(new Comment($"cpupolicy: profile {profile.Name} for KubeVirt, libvirt {vocabulary.Release} names.", false));
        emitter.Emit(new Comment("This is spec.domain.cpu of a VirtualMachineInstance (spec.template.spec.domain.cpu of a VirtualMachine).", false));
        emitter.Emit(new MappingStart());
        Pair(emitter, "model", plan.Model.Name);
        emitter.Emit(new Scalar("features"));
        emitter.Emit(new SequenceStart(null, null, true, SequenceStyle.Block));
        foreach (var (feature, policy) in plan.Features)
        {
            emitter.Emit(new MappingStart());
            Pair(emitter, "name", feature.Spellings.Libvirt!);
            Pair(emitter, "policy", policy);
            emitter.Emit(new MappingEnd());
        }

        emitter.Emit(new SequenceEnd());
        emitter.Emit(new MappingEnd());
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new DocumentStart(null, null, false));
        emitter.Emit(new Comment("The node labels this CPU needs. KubeVirt's node labeller sets them, and KubeVirt itself", false));
        emitter.Emit(new Comment("schedules the VM only on nodes with the model label and the label of every required feature.", false));
        emitter.Emit(new MappingStart());
        emitter.Emit(new Scalar("nodeLabels"));
        emitter.Emit(new MappingStart());
        Label(emitter, $"cpu-model.node.kubevirt.io/{plan.Model.Name}");
        foreach (var feature in plan.Require)
        {
            Label(emitter, $"cpu-feature.node.kubevirt.io/{feature.Spellings.Libvirt}");
        }

        emitter.Emit(new MappingEnd());
        emitter.Emit(new MappingEnd());
        emitter.Emit(new DocumentEnd(true));
        ClusterWide(emitter, plan);
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    public FeatureSet Decode(string artifact, TargetOptions options, string source = "<artifact>")
    {
        var vocabulary = target.VocabularyFor(this, options);
        var stream = KubeVirtYaml.Load(artifact, source);
        var cpu = stream.Documents.Select(d => FindCpu(d.RootNode)).FirstOrDefault(c => c is not null)
            ?? throw ArtifactErrors.File(DiagnosticCatalog.ArtifactMalformed, source,
                "no CPU found: expected a mapping with `model:` (bare, under `cpu:`, or at spec.domain.cpu)",
                "the KubeVirt artifact is the YAML of spec.domain.cpu");
        var modelNode = Child(cpu, "model");
        if (modelNode is not YamlScalarNode { Value: { Length: > 0 } modelName } || modelName is "host-model" or "host-passthrough")
        {
            throw new DiagnosticException(DiagnosticCatalog.ArtifactNotDecodable.Create(
                KubeVirtYaml.At(source, (modelNode ?? cpu).Start),
                modelNode is YamlScalarNode { Value: { } v } ? $"model `{v}` takes its features from the node, so it has no fixed feature set" : "`model` must name a CPU model",
                "name a libvirt model such as Haswell-noTSX"));
        }

        var model = LibvirtExpansion.FindModel(modelName, vocabulary, models, KubeVirtYaml.At(source, modelNode.Start));
        var references = new List<LibvirtFeatureRef>();
        switch (Child(cpu, "features"))
        {
            case null:
                break;
            case YamlSequenceNode list:
                foreach (var item in list.Children)
                {
                    if (item is not YamlMappingNode entry)
                    {
                        throw new DiagnosticException(DiagnosticCatalog.ArtifactMalformed.Create(
                            KubeVirtYaml.At(source, item.Start), "a feature must be a mapping", "write - {name: avx2, policy: require}"));
                    }

                    references.Add(new LibvirtFeatureRef(Text(entry, "name", source), Text(entry, "policy", source), KubeVirtYaml.At(source, entry.Start)));
                }

                break;
            case var other:
                throw new DiagnosticException(DiagnosticCatalog.ArtifactMalformed.Create(
                    KubeVirtYaml.At(source, other.Start), "`features` must be a list", "write features: [{name: avx2, policy: require}]"));
        }

        var result = LibvirtExpansion.Apply(model, references, vocabulary);
        if (vocabulary.Find(Mpx) is { } mpx && !references.Any(r => r.Name == Mpx))
        {
            result = result.Remove(mpx.Index);
        }

        return result;
    }

    public FeatureSet Controllable(ProfileIr profile, TargetOptions options) =>
        target.VocabularyFor(this, options).Nameable;

    public IReadOnlyList<UncontrollableGroup> Uncontrollable(TargetOptions options) =>
        LibvirtBackend.Uncontrollables(target.VocabularyFor(this, options));

    /// <summary>
    /// The third document: the cluster-wide form, the KubeVirt CR's <c>spec.configuration.cpuModel</c>, which gives its
    /// model to every VM that names none. It carries no features; the comment says which ones a VM then gets wrong.
    /// </summary>
    private static void ClusterWide(IEmitter emitter, LibvirtPlan plan)
    {
        emitter.Emit(new DocumentStart(null, null, false));
        emitter.Emit(new Comment("Cluster-wide: spec.configuration.cpuModel of the KubeVirt CR (kubectl edit kubevirt -n kubevirt; Harvester:", false));
        emitter.Emit(new Comment("harvester-system) makes this model the default of every VM that names no CPU model.", false));
        if (plan.Features.Any())
        {
            emitter.Emit(new Comment("It cannot carry features: a VM given only this default misses the required ones and sees the", false));
            emitter.Emit(new Comment("disabled ones, so it is not this profile. Put the features above in each VM for the exact CPU.", false));
            foreach (var (policy, names) in new[] { ("require", plan.Require), ("disable", plan.Disable) })
            {
                foreach (var line in Wrap($"  {policy}: ", names.Select(f => f.Spellings.Libvirt!)))
                {
                    emitter.Emit(new Comment(line, false));
                }
            }
        }

        emitter.Emit(new MappingStart());
        emitter.Emit(new Scalar("spec"));
        emitter.Emit(new MappingStart());
        emitter.Emit(new Scalar("configuration"));
        emitter.Emit(new MappingStart());
        Pair(emitter, "cpuModel", plan.Model.Name);
        emitter.Emit(new MappingEnd());
        emitter.Emit(new MappingEnd());
        emitter.Emit(new MappingEnd());
        emitter.Emit(new DocumentEnd(true));
    }

    /// <summary>Comment lines of at most about 110 characters: the prefix, then the names joined by commas.</summary>
    private static IEnumerable<string> Wrap(string prefix, IEnumerable<string> names)
    {
        var line = prefix;
        var first = true;
        foreach (var name in names)
        {
            if (!first && line.Length + name.Length > 108)
            {
                yield return line + ",";
                line = new string(' ', prefix.Length);
                first = true;
            }

            line += (first ? "" : ", ") + name;
            first = false;
        }

        if (!first)
        {
            yield return line;
        }
    }

    private static void Pair(IEmitter emitter, string key, string value)
    {
        emitter.Emit(new Scalar(key));
        emitter.Emit(new Scalar(value));
    }

    private static void Label(IEmitter emitter, string key)
    {
        emitter.Emit(new Scalar(key));
        emitter.Emit(new Scalar(null, null, "true", ScalarStyle.DoubleQuoted, false, true));
    }

    /// <summary>The cpu mapping: the root itself (has <c>model</c>), <c>cpu</c>, <c>spec.domain.cpu</c> or <c>spec.template.spec.domain.cpu</c>.</summary>
    private static YamlMappingNode? FindCpu(YamlNode? root)
    {
        if (root is not YamlMappingNode map)
        {
            return null;
        }

        if (Child(map, "model") is not null)
        {
            return map;
        }

        string[][] paths = [["cpu"], ["spec", "domain", "cpu"], ["spec", "template", "spec", "domain", "cpu"]];
        foreach (var path in paths)
        {
            YamlNode? node = map;
            foreach (var key in path)
            {
                node = node is YamlMappingNode m ? Child(m, key) : null;
            }

            if (node is YamlMappingNode found)
            {
                return found;
            }
        }

        return null;
    }

    private static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.FirstOrDefault(p => p.Key is YamlScalarNode { Value: var k } && k == key).Value;

    private static string? Text(YamlMappingNode map, string key, string source) => Child(map, key) switch
    {
        null => null,
        YamlScalarNode scalar => scalar.Value,
        var other => throw new DiagnosticException(DiagnosticCatalog.ArtifactMalformed.Create(
            KubeVirtYaml.At(source, other.Start), $"`{key}` must be a plain value", null)),
    };
}
