using Cpupolicy.Core.Database;
using Cpupolicy.Core.Ir;
using Cpupolicy.Core.Backends.Qemu.Arm64;
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
    public const string ReleaseOption = "release";

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
            new BackendOption(ReleaseOption, Arm64QemuCpu.Upstream72, "the QEMU release: 7.2 (Debian 12; x86 and aarch64), 8.2 (upstream, aarch64 profiles), openeuler-8.2 (openEuler's QEMU 8.2 with SYSREG_<REG>_<FIELD> properties, aarch64 profiles)", Arm64QemuCpu.Releases),
            new BackendOption(ModelOption, "auto", "auto (x86: the versioned QEMU 7.2 model needing the fewest +/- tokens; aarch64: host) or a model name (aarch64: host or max)", ["auto"])
            {
                CheckOther = (value, _) => planner.FindModel(value) is not null || Arm64QemuCpu.IsModel(value)
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
        if (profile.IsArm64)
        {
            return Arm64QemuCpu.Default.Emit(profile, resolved[ReleaseOption], resolved[ModelOption]);
        }

        CheckX86(profile.Name, resolved);
        return planner.Plan(profile, resolved[ModelOption]).Render() + "\n";
    }

    /// <summary>The x86 artifact is for QEMU 7.2's x86 models; the other releases and aarch64 models are aarch64-only (CP1011).</summary>
    private void CheckX86(string profile, IReadOnlyDictionary<string, string> resolved)
    {
        var span = SourceSpan.ForElement("<policy>", $"target qemu (profile {profile})");
        if (resolved[ReleaseOption] != Arm64QemuCpu.Upstream72)
        {
            throw new DiagnosticException(DiagnosticCatalog.QemuReleaseWrongArch.Create(span,
                $"`release {resolved[ReleaseOption]}` is for aarch64 profiles, but profile `{profile}` is x86",
                "x86 artifacts are for QEMU 7.2's models: leave `release` at 7.2, or give aarch64 profiles their own policy"));
        }

        if (planner.FindModel(resolved[ModelOption]) is null && resolved[ModelOption] != "auto")
        {
            throw new DiagnosticException(DiagnosticCatalog.QemuReleaseWrongArch.Create(span,
                $"`model {resolved[ModelOption]}` is an aarch64 model, but profile `{profile}` is x86",
                "use an x86 model of QEMU 7.2 or `auto`"));
        }
    }

    public FeatureSet Decode(string artifact, TargetOptions options, string source = "<artifact>")
    {
        var resolved = BackendOptions.Resolve(this, options);
        if (IsArm64Artifact(artifact, source) is { } arm)
        {
            return Arm64QemuCpu.Default.Decode(arm.Model, arm.Items, resolved[ReleaseOption], source, arm.Line);
        }

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

    public FeatureSet Controllable(ProfileIr profile, TargetOptions options)
    {
        if (!profile.IsArm64)
        {
            return vocabulary.Nameable;
        }

        var resolved = BackendOptions.Resolve(this, options);
        return Arm64QemuCpu.Default.Controllable(profile, resolved[ReleaseOption], resolved[ModelOption]);
    }

    /// <summary>
    /// An aarch64 <c>-cpu</c>: a named aarch64 model, or <c>host</c>/<c>max</c> with a property only aarch64 has
    /// (<c>sve</c>, <c>pauth</c>, <c>sme</c>, <c>SYSREG_*</c>, ...; cpupolicy always writes <c>sve=</c>). An x86
    /// <c>-cpu host</c> stays x86 (and is refused there as having no fixed feature set); a plain one is either architecture's
    /// (<see cref="HostCpuOfEitherArch"/>), which <c>migrate</c> reads for its hosts' architecture.
    /// </summary>
    public static (string Model, IReadOnlyList<(string Key, string Value, int Column)> Items, int Line)? IsArm64Artifact(string artifact, string source)
    {
        var split = QemuCpuParser.SplitItems(artifact, source);
        var armOnly = split.Items.Any(i => i.Key.StartsWith("sve", StringComparison.Ordinal) || i.Key.StartsWith("sme", StringComparison.Ordinal)
            || i.Key.StartsWith("pauth", StringComparison.Ordinal) || i.Key.StartsWith("SYSREG_", StringComparison.Ordinal) || i.Key is "lpa2" or "aarch64");
        return (split.Model is "host" or "max" && armOnly) || (Arm64QemuCpu.IsModel(split.Model) && split.Model is not ("host" or "max")) ? split : null;
    }

    /// <summary>
    /// A <c>-cpu host</c> or <c>max</c> whose architecture only the host it runs on tells (<see cref="QemuHostCpu"/>),
    /// or null: a named model, or a line <see cref="IsArm64Artifact"/> already calls aarch64. An item counts as x86-only
    /// when x86's QEMU takes it (a feature of <see cref="QemuVocabulary"/> as <c>+f</c>, <c>-f</c> or <c>f=on</c>, or
    /// one of its other properties, <c>vendor=</c>, <c>model-id=</c>, ...) and the aarch64 decoder does not know its key
    /// (<c>pmu</c> and <c>kvm-steal-time</c> are both architectures').
    /// </summary>
    public QemuHostCpu? HostCpuOfEitherArch(string artifact, string source)
    {
        var split = QemuCpuParser.SplitItems(artifact, source);
        if (split.Model is not ("host" or "max") || IsArm64Artifact(artifact, source) is not null)
        {
            return null;
        }

        var x86Only = split.Items.FirstOrDefault(i => TakenByX86(i.Key) && !KnownToArm64(split.Model, i.Key, source, split.Line));
        return new QemuHostCpu(split.Model, split.Items, split.Line)
        {
            X86Only = x86Only.Key is null ? null : (x86Only.Value.Length == 0 ? x86Only.Key : $"{x86Only.Key}={x86Only.Value}", x86Only.Column),
        };
    }

    private bool TakenByX86(string key) =>
        key.Length > 1 && key[0] is '+' or '-'
            ? vocabulary.Find(key[1..]) is not null
            : vocabulary.Find(key.Replace('_', '-')) is not null || QemuVocabulary.IsOtherProperty(key.Replace('_', '-'));

    /// <summary>Whether the aarch64 decoder takes the key (with a value any property takes): its own judge, not a copy of its list.</summary>
    private static bool KnownToArm64(string model, string key, string source, int line)
    {
        if (key.StartsWith("SYSREG_", StringComparison.Ordinal))
        {
            return true;
        }

        try
        {
            Arm64QemuCpu.Default.Decode(model, [(key, "on", 1)], Arm64QemuCpu.Upstream82, source, line);
            return true;
        }
        catch (DiagnosticException)
        {
            return false;
        }
    }

    public IReadOnlyList<UncontrollableGroup> Uncontrollable(TargetOptions options)
    {
        var rest = models.FeatureDb.All - vocabulary.Nameable;
        return rest.IsEmpty ? [] : [UncontrollableGroup.NeverGiven("QEMU 7.2 has no -cpu property for it", rest)];
    }
}
