using System.Globalization;
using System.Text;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Database.Arm64;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Core.Ir;

namespace Cpupolicy.Core.Backends.Qemu.Arm64;

/// <summary>
/// QEMU's aarch64 <c>-cpu</c> for an aarch64 profile, and its decoder. Upstream QEMU (7.2 in Debian 12, 8.2) hides
/// only what a property switches off (<see cref="Arm64CpuProperty"/>); openEuler's QEMU 8.2 adds
/// <c>SYSREG_&lt;REG&gt;_&lt;FIELD&gt;=&lt;value&gt;</c> on <c>-cpu host</c> for the fields KVM lets it lower
/// (<see cref="Arm64WritableFields"/>). A feature a host of the profile has but the release cannot hide is CP1008,
/// naming the release that can. The artifact is <c>-cpu host,sve=off,pmu=off,SYSREG_ID_AA64ISAR0_EL1_SM3=0x0,...</c>
/// with properties in a fixed order, so it is byte-identical on every run.
/// </summary>
public sealed class Arm64QemuCpu
{
    public const string Upstream72 = "7.2";
    public const string Upstream82 = "8.2";
    public const string OpenEuler82 = "openeuler-8.2";

    public static readonly IReadOnlyList<string> Releases = [Upstream72, Upstream82, OpenEuler82];

    /// <summary>QEMU's named aarch64 models (7.2 and 8.2): accepted by QEMU, but with no feature set cpupolicy knows.</summary>
    public static readonly IReadOnlyList<string> NamedModels =
        ["a64fx", "cortex-a35", "cortex-a53", "cortex-a55", "cortex-a57", "cortex-a72", "cortex-a76", "cortex-a710", "neoverse-n1", "neoverse-n2", "neoverse-v1"];

    /// <summary>Properties QEMU takes that do not change the ID-register fields cpupolicy models (vector lengths, PAuth algorithm, ...).</summary>
    private static readonly string[] NeutralPrefixes = ["sve128", "sve256", "sve384", "sve512", "sve640", "sve768", "sve896", "sve1024", "sve1152", "sve1280", "sve1408", "sve1536", "sve1664", "sve1792", "sve1920", "sve2048", "sve-max-vq", "pauth-impdef", "pauth-qarma3", "lpa2", "sme128", "sme256", "sme512", "sme1024", "sme2048", "sme_fa64", "sme-fa64", "midr", "aarch64", "kvm-no-adjvtime", "kvm-steal-time"];

    private readonly Arm64Database db;
    private readonly Arm64WritableFields writable;
    private readonly IReadOnlyList<Arm64CpuProperty> properties;

    // Field key to the features that field alone gives (one condition, on it): what a SYSREG pin of the field settles.
    // Built once: a hook reading a fragment asks it for every pin.
    private readonly Dictionary<string, FeatureSet> onField;

    // The features with alternative fields (paca, pacg).
    private readonly IReadOnlyList<Arm64Feature> alternatives;

    public Arm64QemuCpu(Arm64Database db, Arm64WritableFields writable)
    {
        this.db = db;
        this.writable = writable;
        properties = Arm64CpuProperty.All(db);
        onField = db.Features.Where(f => f.When.Count == 1).GroupBy(f => f.Primary.Field.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => FeatureSet.Of(g.Select(f => f.Index)), StringComparer.Ordinal);
        alternatives = db.Features.Where(f => f.When.Count > 1).ToList();
    }

    private FeatureSet OnField(string fieldKey) => onField.GetValueOrDefault(fieldKey) ?? FeatureSet.Empty;

    // Lazy: the x86 paths read Releases (the libvirt and qemu backends' option lists), and a static initializer
    // here would load the aarch64 database for them too (most of an x86 libvirt hook's time when it decodes a <cpu>).
    private static readonly Lazy<Arm64QemuCpu> DefaultLazy = new(() => new(Arm64Database.Default, Arm64WritableFields.Default));

    public static Arm64QemuCpu Default => DefaultLazy.Value;

    public static bool IsModel(string name) => name is "host" or "max" || NamedModels.Contains(name, StringComparer.Ordinal);

    /// <summary><c>host</c> for <c>auto</c> (KVM on the real hosts), else the model asked for.</summary>
    public static string ModelFor(string option) => option == "auto" ? "host" : option;

    /// <summary>The on/off properties of a model: <c>max</c> has sve, pmu, pauth and sme; <c>host</c> (KVM) sve and pmu.</summary>
    public IReadOnlyList<Arm64CpuProperty> PropertiesOf(string model) =>
        model == "max" ? properties : properties.Where(p => p.Name is "sve" or "pmu").ToList();

    /// <summary>The <c>-cpu</c> line for an aarch64 profile.</summary>
    public string Emit(ProfileIr profile, string release, string modelOption)
    {
        var model = CheckModel(profile, release, modelOption);
        var text = new StringBuilder("-cpu ").Append(model);
        foreach (var p in PropertiesOf(model))
        {
            text.Append(',').Append(p.Name).Append(IsOn(p, profile.Features) ? "=on" : "=off");
        }

        foreach (var (field, level) in Pinned(profile, release))
        {
            text.Append(',').Append(Arm64WritableFields.PropertyName(field)).Append("=0x").Append(field.RawOf(level).ToString("x", CultureInfo.InvariantCulture));
        }

        CheckHidden(profile, release, model);
        return text.Append('\n').ToString();
    }

    /// <summary>The features this artifact decides for the profile: see the class summary.</summary>
    public FeatureSet Controllable(ProfileIr profile, string release, string modelOption)
    {
        var model = ModelFor(modelOption);
        var result = FeatureSet.Empty;
        foreach (var p in PropertiesOf(model))
        {
            result |= IsOn(p, profile.Features) ? p.On & profile.Features : p.Group;
        }

        var pinned = Pinned(profile, release).ToDictionary(p => p.Field.Key, p => p.Level, StringComparer.Ordinal);
        foreach (var key in pinned.Keys)
        {
            result |= OnField(key);
        }

        return result | HiddenEverywhere(pinned);
    }

    /// <summary>
    /// The features a guest sees under an aarch64 <c>-cpu</c>, within what it controls: each property's certain
    /// features when on, and each SYSREG field's levels up to its value. Nothing else is known without the host.
    /// </summary>
    public FeatureSet Decode(string model, IReadOnlyList<(string Key, string Value, int Column)> items, string release, string source, int line) =>
        Read(model, items, release, source, line).Seen;

    /// <summary>
    /// What an aarch64 <c>-cpu</c> fixes whatever the host (<see cref="Arm64CpuControls"/>): two CPUs with equal
    /// controls give the guest the same view on every host. The libvirt hook compares a domain with its profile so.
    /// </summary>
    public Arm64CpuControls Controls(string model, IReadOnlyList<(string Key, string Value, int Column)> items, string release, string source, int line)
    {
        var reading = Read(model, items, release, source, line);
        return new Arm64CpuControls(model, reading.Seen, reading.Decided, reading.Pinned);
    }

    /// <summary>
    /// The features a guest sees under an aarch64 <c>-cpu host,...</c> (or <c>max</c>, which is <c>host</c> under
    /// KVM) on a host with <paramref name="host"/>: the host's set minus what each property switches off, each SYSREG
    /// field lowered to its value (KVM lets a VMM lower a field, never raise it), and whatever then lost a
    /// prerequisite or a field it needs.
    /// </summary>
    public FeatureSet OnHost(FeatureSet host, string model, IReadOnlyList<(string Key, string Value, int Column)> items, string release, string source, int line)
    {
        var reading = Read(model, items, release, source, line);
        var result = (host - reading.Decided) | (reading.Seen & host);

        // A feature with alternative fields stays while one condition that may give it on this host survives the pins
        // (paca of an API host with APA pinned to 0 stays; a hwcap-only host's paca goes only when all are pinned).
        var levels = Arm64Levels.FromFeatures(host, db);
        result -= FeatureSet.Of(db.Expand(result)
            .Where(f => f.When.Count > 1 && !levels.Candidates(f).Any(c => Survives(c, reading.Pinned)))
            .Select(f => f.Index));
        FeatureSet before;
        do
        {
            before = result;
            result = FeatureSet.Of(db.Expand(result).Where(f => (f.RequiresAll - result).IsEmpty).Select(f => f.Index));
        }
        while (!result.Equals(before));

        return result;
    }

    /// <summary>What a <c>-cpu</c> decides: the features it shows, the features whose presence it settles, and the level of each SYSREG field.</summary>
    private Reading Read(string model, IReadOnlyList<(string Key, string Value, int Column)> items, string release, string source, int line)
    {
        if (model is not ("host" or "max"))
        {
            throw ArtifactErrors.File(DiagnosticCatalog.ArtifactNotDecodable, source,
                $"`-cpu {model}` is one of QEMU's named aarch64 models, whose ID registers cpupolicy does not model",
                "use `host` (KVM) or `max` with properties, as cpupolicy emits; `cpupolicy probe --arch aarch64` shows what a named model gives");
        }

        var result = FeatureSet.Empty;
        var decided = FeatureSet.Empty;
        var pinned = new Dictionary<string, int>(StringComparer.Ordinal);
        var available = PropertiesOf(model);
        foreach (var (key, value, column) in items)
        {
            if (available.FirstOrDefault(p => p.Name == key) is { } property)
            {
                var on = value switch
                {
                    "on" or "true" or "yes" => true,
                    "off" or "false" or "no" => false,
                    _ => throw Invalid(source, line, column, key.Length + value.Length + 1, $"`{key}` cannot be `{value}`", "use on or off"),
                };
                result = on ? result | property.On : result - property.Group;
                decided = on ? decided - property.Group : decided | property.Group;
                continue;
            }

            if (key.StartsWith("SYSREG_", StringComparison.Ordinal))
            {
                var (field, level) = Sysreg(key, value, model, release, source, line, column);
                var settled = OnField(field.Key);
                result = (result - settled) | FeatureSet.Of(db.Expand(settled).Where(f => f.Primary.Level <= level).Select(f => f.Index));
                decided |= settled;
                pinned[field.Key] = level;
                continue;
            }

            if (!NeutralPrefixes.Contains(key, StringComparer.Ordinal) && !(key == "pauth" && model == "host"))
            {
                var known = string.Join(", ", available.Select(p => $"`{p.Name}`"));
                throw Invalid(source, line, column, key.Length, $"QEMU's aarch64 `-cpu {model}` has no property `{key}` that cpupolicy knows",
                    $"its feature properties are {known}{(release == OpenEuler82 ? " and the SYSREG_<REG>_<FIELD> ones" : string.Empty)}; they are key=value (`sve=off`, never `-sve`)");
            }
        }

        // Once the pins are all read (a field pinned twice counts at its last value, as QEMU takes it).
        return new Reading(result, decided | HiddenEverywhere(pinned), pinned);
    }

    private sealed record Reading(FeatureSet Seen, FeatureSet Decided, IReadOnlyDictionary<string, int> Pinned);

    private (Arm64Field Field, int Level) Sysreg(string key, string value, string model, string release, string source, int line, int column)
    {
        if (release != OpenEuler82 || model != "host")
        {
            throw Invalid(source, line, column, key.Length, $"`{key}` is a property of openEuler's QEMU 8.2 on `-cpu host`, not of QEMU {release} `-cpu {model}`",
                "give `release openeuler-8.2` in `target qemu`, with model `host`");
        }

        var field = writable.FindProperty(key)
            ?? throw Invalid(source, line, column, key.Length, $"`{key}` is not a field KVM lets QEMU lower",
                $"the writable fields are listed in docs/arm64.md; e.g. `{Arm64WritableFields.PropertyName(writable.Fields[0])}`");
        var number = value.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? (ulong.TryParse(value.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) ? hex : ulong.MaxValue)
            : (ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var dec) ? dec : ulong.MaxValue);
        if (number >= 1UL << field.Width)
        {
            throw Invalid(source, line, column + key.Length + 1, value.Length, $"`{key}` cannot be `{value}`: the field is {field.Width} bits", "write the level in hex, e.g. `=0x1`");
        }

        return (field, field.Rank((int)number));
    }

    private static bool IsOn(Arm64CpuProperty p, FeatureSet features) => !(p.Group & features).IsEmpty;

    /// <summary>A condition still holds under the pins when its field is not pinned or pinned at or above its level.</summary>
    private static bool Survives(Arm64Condition c, IReadOnlyDictionary<string, int> pinned) =>
        !pinned.TryGetValue(c.Field.Key, out var level) || level >= c.Level;

    /// <summary>The features with alternative fields that these pins hide on every host: each alternative pinned below its level.</summary>
    private FeatureSet HiddenEverywhere(IReadOnlyDictionary<string, int> pinned) =>
        pinned.Count == 0 ? FeatureSet.Empty : FeatureSet.Of(alternatives.Where(f => !f.When.Any(c => Survives(c, pinned))).Select(f => f.Index));

    /// <summary>
    /// The openEuler SYSREG pins, each at the profile's level of its field (<see cref="Arm64Levels.FromFeatures"/>):
    /// with hosts, each writable field some host may have above that level, and every alternative field of a feature
    /// with several (paca, pacg) that the profile leaves out and some host may have, so it is hidden whichever field the
    /// host uses; without hosts, every writable field. KVM lets a VMM lower a field, never raise it, and the profile's
    /// level is at or below every host's (its features are in each host's set), so no pin is a raise. The one
    /// exception is the alternative fields of such a feature the profile wants without saying which field gives it
    /// (paca from hosts known by hwcaps): pinning one at the feature's level is a raise on a host using another, at
    /// the profile's level hides the feature there, so they are left to the host (a host's extra levels on them are
    /// then CP1008, <see cref="CheckHidden"/>).
    /// </summary>
    private IReadOnlyList<(Arm64Field Field, int Level)> Pinned(ProfileIr profile, string release)
    {
        if (release != OpenEuler82)
        {
            return [];
        }

        var levels = Arm64Levels.FromFeatures(profile.Features, db);
        var open = levels.Unresolved.SelectMany(f => f.When).Select(c => c.Field.Key).ToHashSet(StringComparer.Ordinal);
        var hosts = profile.HostCpus.Select(h => Arm64Levels.FromFeatures(h.Capability, db)).ToList();
        var hostFeatures = hosts.Aggregate(FeatureSet.Empty, (acc, h) => acc | h.Features);
        var hide = db.Features
            .Where(f => f.When.Count > 1 && !profile.Features.Contains(f.Index) && hostFeatures.Contains(f.Index))
            .SelectMany(f => f.When).Select(c => c.Field.Key).ToHashSet(StringComparer.Ordinal);
        return writable.Fields
            .Where(f => !open.Contains(f.Key) && (hosts.Count == 0 || hide.Contains(f.Key) || hosts.Any(h => MayExceed(h, f, levels.Get(f)))))
            .Select(f => (f, levels.Get(f)))
            .ToList();
    }

    /// <summary>Whether a host may have <paramref name="field"/> above <paramref name="level"/>: known above, or an alternative of one of its unresolved features.</summary>
    private static bool MayExceed(Arm64Levels host, Arm64Field field, int level) =>
        host.Get(field) > level || host.Unresolved.Any(f => host.Candidates(f).Any(c => c.Field.Key == field.Key && c.Level > level));

    private string CheckModel(ProfileIr profile, string release, string modelOption)
    {
        var model = ModelFor(modelOption);
        if (!IsModel(model))
        {
            throw WrongArch(profile, $"`model {modelOption}` is not an aarch64 CPU model of QEMU", "use `host` (KVM, the default) or `max` (TCG)");
        }

        if (model is not ("host" or "max"))
        {
            throw WrongArch(profile, $"`model {model}` is a named aarch64 model with fixed ID registers cpupolicy does not model",
                "use `host` (KVM, the default) or `max` (TCG), which take properties");
        }

        if (release == OpenEuler82 && model != "host")
        {
            throw WrongArch(profile, $"openEuler's SYSREG properties exist on `-cpu host` only, not on `-cpu {model}`", "leave `model` at `auto` (host)");
        }

        return model;
    }

    /// <summary>CP1008 when a host of the profile has a feature the profile leaves out and this release cannot hide.</summary>
    private void CheckHidden(ProfileIr profile, string release, string model)
    {
        var hideable = PropertiesOf(model).Where(p => !IsOn(p, profile.Features)).Aggregate(FeatureSet.Empty, (acc, p) => acc | p.Group);
        var pinned = Pinned(profile, release).ToDictionary(p => p.Field.Key, p => p.Level, StringComparer.Ordinal);
        foreach (var host in profile.HostCpus)
        {
            // A feature is shown when a condition that may give it on this host survives the pins.
            var levels = Arm64Levels.FromFeatures(host.Capability, db);
            var shown = db.Expand(host.Capability - profile.Features - hideable)
                .Where(f => levels.Candidates(f).Any(c => Survives(c, pinned)))
                .ToList();
            if (shown.Count == 0)
            {
                continue;
            }

            var byOpenEuler = shown.Where(f => f.When.All(c => writable.IsWritable(c.Field))).ToList();
            var names = string.Join(", ", shown.Take(8).Select(f => $"`{f.Name}` ({Arm64Names.Short(f.Primary.Field)})")) + (shown.Count > 8 ? $" and {shown.Count - 8} more" : string.Empty);
            var hint = release != OpenEuler82 && byOpenEuler.Count == shown.Count
                ? $"release `{OpenEuler82}` (openEuler's QEMU 8.2 with writable ID registers under KVM) can hide them: set `release {OpenEuler82}` in `target qemu`, e.g. `{Arm64WritableFields.PropertyName(byOpenEuler[0].Primary.Field)}=0x0`"
                : byOpenEuler.Count > 0 && release != OpenEuler82
                    ? $"release `{OpenEuler82}` can hide {string.Join(", ", byOpenEuler.Select(f => $"`{f.Name}`"))}; no QEMU release cpupolicy knows hides the rest: add them to the profile or drop host `{host.Name}`"
                    : $"no QEMU release cpupolicy knows can hide them (KVM does not let a VMM lower these fields): add them to the profile, or drop host `{host.Name}` from it";
            throw new DiagnosticException(DiagnosticCatalog.Arm64CannotHide.Create(
                SourceSpan.ForElement("<policy>", $"profile {profile.Name}"),
                $"QEMU {release} cannot hide {names} from a guest of profile `{profile.Name}` on host `{host.Name}`, which has {(shown.Count == 1 ? "it" : "them")}",
                hint));
        }
    }

    private static DiagnosticException WrongArch(ProfileIr profile, string message, string hint) =>
        new(DiagnosticCatalog.QemuReleaseWrongArch.Create(SourceSpan.ForElement("<policy>", $"target qemu (profile {profile.Name})"), message, hint));

    private static DiagnosticException Invalid(string source, int line, int column, int length, string message, string hint) =>
        ArtifactErrors.At(DiagnosticCatalog.Arm64CpuPropertyInvalid, source, line, column, Math.Max(length, 1), message, hint);
}
