using Cpupolicy.Core.Database;
using Cpupolicy.Core.Ir;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Core.Backends.Xen;

/// <summary>
/// Plain Xen (xl/libxl): the <c>cpuid = ...</c> line of an xl.cfg, in libxl form (names, the default) or xend form
/// (register strings). Both start from the domain's default policy and clear what the profile lacks; the decoder
/// reads either form back (detected by content) as the features the guest keeps.
/// </summary>
public sealed class XenBackend : IBackend
{
    public const string FormatOption = "format";
    public const string ReleaseOption = "release";
    public const string Libxl = "libxl";
    public const string Xend = "xend";

    private readonly FeatureDatabase db;
    private readonly Dictionary<string, Lazy<XenRelease>> releases;
    private readonly XenLeafPresence presence;

    public XenBackend(FeatureDatabase db)
    {
        this.db = db;
        releases = XenLayout.Releases(db).ToDictionary(r => r, r => new Lazy<XenRelease>(() => new XenRelease(db, r)), StringComparer.Ordinal);
        presence = new XenLeafPresence(db);
        Options =
        [
            new BackendOption(FormatOption, Libxl, "libxl: cpuid = \"host,KEY=0,...\"; xend: cpuid = [ \"leaf:reg=<32 bits>\", ... ]", [Libxl, Xend]),
            new BackendOption(ReleaseOption, XenLayout.DefaultRelease, "the Xen release whose libxl keys and featureset to target", XenLayout.Releases(db)),
        ];
    }

    public string Name => "xen";

    public string FileSuffix => ".xen.cfg";

    public bool Recognize(string text) => XenArtifact.Recognize(text);

    public IReadOnlyList<BackendOption> Options { get; }

    public string Emit(ProfileIr profile, TargetOptions options)
    {
        var resolved = BackendOptions.Resolve(this, options);
        var release = releases[resolved[ReleaseOption]].Value;
        var xend = resolved[FormatOption] == Xend;
        var plan = presence.Plan(profile, release, ControllableAll(options), xend);
        if (plan.Leaks.Count > 0)
        {
            throw new DiagnosticException(DiagnosticCatalog.XenLeafRangeLeak.Create(
                SourceSpan.ForElement("<policy>", $"profile {profile.Name}"),
                $"the hosts of profile `{profile.Name}` differ in CPUID leaf ranges, and xl `cpuid=` ({resolved[FormatOption]} form) "
                + "cannot hide the leaves only some of them have: "
                + string.Join("; ", plan.Leaks.Select(l => $"a guest on `{l.Host}` would also see {string.Join(", ", release.Db.Expand(l.Features).Select(f => $"`{f.Name}`"))}")),
                xend
                    ? "use the `xapi` target (a featureset levels every leaf), or split the pool so each profile's hosts share their leaf ranges"
                    : "use `target xen { format xend }` (it lowers the guest's maximum leaves), the `xapi` target's featureset, or split the pool so each profile's hosts share their leaf ranges"));
        }

        return xend
            ? XenXendForm.Emit(profile, release, plan)
            : XenLibxlForm.Emit(profile, release, plan);
    }

    public FeatureSet Decode(string artifact, TargetOptions options, string source = "<artifact>")
    {
        ArtifactErrors.CheckSize(artifact, source);
        var release = releases[BackendOptions.Resolve(this, options)[ReleaseOption]].Value;
        var value = FindCpuidValue(artifact, source);
        var maxima = new XenMaxLeaves();
        Dictionary<FeatureDefinition, char> settings;
        TargetOptions form;
        if (value.IsList)
        {
            settings = XenXendForm.Decode(value.Items, release, source, maxima);
            form = WithFormat(options, Xend);
        }
        else if (value.IsString)
        {
            settings = XenLibxlForm.Decode(value.Items[0], release, source, maxima);
            form = WithFormat(options, Libxl);
        }
        else
        {
            throw ArtifactErrors.At(
                DiagnosticCatalog.ArtifactMalformed, source, value.Line, value.Column, value.Items[0].Text.Length,
                "`cpuid` must be a quoted string (libxl form) or a list of quoted strings (xend form)",
                "write cpuid = \"host,KEY=0,...\"");
        }

        // What the guest sees of each controllable feature: nothing above a stated maximum leaf (Xen clears those
        // leaves), else the artifact's bit, or Xen's default where it says nothing.
        return FeatureSet.Of(db.Expand(ControllableAll(form)).Where(f =>
            !maxima.Clears(release.Db.Xen.Words[f.Xen!.Word])
            && XenBitValue.IsOn(settings.GetValueOrDefault(f, 'x'), release.IsDefaultOn(f))));
    }

    /// <summary>
    /// The features this backend decides for the profile: every feature it can name (see <see cref="Uncontrollable"/>)
    /// whose CPUID leaf is known to exist on the profile's hosts, and those of leaves the artifact hides by lowering the
    /// guest's maximum leaf (<see cref="XenLeafPresence.Plan"/>).
    /// </summary>
    public FeatureSet Controllable(ProfileIr profile, TargetOptions options)
    {
        var resolved = BackendOptions.Resolve(this, options);
        var release = releases[resolved[ReleaseOption]].Value;
        var plan = presence.Plan(profile, release, ControllableAll(options), resolved[FormatOption] == Xend);
        return plan.Present | plan.Hidden;
    }

    /// <summary>
    /// Per host of the profile, the features outside it that a guest there would see under this target's artifact
    /// (leaves only some hosts have, which the chosen form cannot hide); empty when the artifact is exact everywhere.
    /// </summary>
    public IReadOnlyList<(string Host, FeatureSet Features)> Leaks(ProfileIr profile, TargetOptions options)
    {
        var resolved = BackendOptions.Resolve(this, options);
        return presence.Plan(profile, releases[resolved[ReleaseOption]].Value, ControllableAll(options), resolved[FormatOption] == Xend).Leaks;
    }

    public IReadOnlyList<UncontrollableGroup> Uncontrollable(TargetOptions options)
    {
        var resolved = BackendOptions.Resolve(this, options);
        var release = releases[resolved[ReleaseOption]].Value;
        var rules = new List<(string Reason, Func<FeatureDefinition, bool> Applies)>
        {
            ($"Xen {release.Release}'s featureset has no bit for it", f => !release.Knows(f)),
            ("Xen computes the bit itself and overrides the toolstack (`!` in cpufeatureset.h; HLE and RTM excepted, see XenRelease.IsSpecial)", release.IsSpecial),
            ($"Xen {release.Release} never offers it to guests (no A/S/H/a/s/h in cpufeatureset.h), so a guest never has it", f => !release.IsOffered(f)),
            ("Xen hides it unless the domain has nested virtualisation (`nested_hvm=1`), whatever `cpuid=` says", release.NeedsNestedVirt),
        };
        if (resolved[FormatOption] == Xend)
        {
            rules.Add(("the xend form sets CPUID registers only; MSR_ARCH_CAPS bits need the libxl form", f => db.Xen.Words[f.Xen!.Word].IsMsr));
        }
        else
        {
            rules.Add(($"libxl of Xen {release.Release} has no cpuid key for it", f => release.LibxlKey(f) is null));
        }

        return UncontrollableGroup.ByFirstRule(db, rules, neverGiven: f => NeverGiven(release, f));
    }

    private static TargetOptions WithFormat(TargetOptions options, string format) =>
        options with { Values = new Dictionary<string, string>(options.Values, StringComparer.Ordinal) { [FormatOption] = format } };

    private FeatureSet ControllableAll(TargetOptions options) =>
        Uncontrollable(options).Aggregate(db.All, (acc, g) => acc - g.Features);

    /// <summary>The value of <c>cpuid</c>: from a whole xl.cfg, from the bare right-hand side, or from a bare libxl string.</summary>
    private static XlValue FindCpuidValue(string artifact, string source)
    {
        var trimmed = artifact.TrimStart();
        if (trimmed.StartsWith('"') || trimmed.StartsWith('\'') || trimmed.StartsWith('['))
        {
            return XlConfigReader.ReadValue(artifact, source);
        }

        if (trimmed.StartsWith("host", StringComparison.Ordinal) && !trimmed.Contains('\n', StringComparison.Ordinal))
        {
            var column = artifact.Length - trimmed.Length + 1;
            return new XlValue(false, [new XlString(trimmed.TrimEnd(), 1, column)], true, 1, column);
        }

        var settings = XlConfigReader.Read(artifact, source);
        return settings.TryGetValue("cpuid", out var value)
            ? value
            : throw ArtifactErrors.File(
                DiagnosticCatalog.ArtifactMalformed, source,
                "the xl.cfg has no `cpuid` setting", "the Xen artifact is a line `cpuid = \"host,...\"` or `cpuid = [ ... ]`");
    }

    /// <summary>
    /// Whether a guest never has the feature under this release, whatever the artifact says: Xen's featureset lacks a
    /// bit some other release has, Xen never offers it, or it needs nested virtualisation; an opt-in feature without a
    /// key stays off. Features no Xen release tracks (leaf 6, SVM/VMX details) and `!` bits are Xen's own business.
    /// </summary>
    private static bool NeverGiven(XenRelease release, FeatureDefinition f) =>
        f.Xen is not null && !release.IsSpecial(f) && (!release.Knows(f) || !release.IsOffered(f) || release.NeedsNestedVirt(f) || !release.IsDefaultOn(f));
}
