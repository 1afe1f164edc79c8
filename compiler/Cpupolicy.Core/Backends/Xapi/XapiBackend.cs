using System.Text;
using System.Text.RegularExpressions;
using Cpupolicy.Core.Backends.Xen;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Ir;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Core.Backends.Xapi;

/// <summary>
/// XAPI / XCP-ng / XenServer: a full-length featureset for <c>VM.platform:featureset</c> and the <c>xe</c> commands
/// that set it (research xen.md §5). xapi injects the pool level only when that key is absent, and the key
/// replaces the whole set, so the string holds every word of the release: the pool level AND NOT the bits the
/// profile masks, which comes to the profile's features in Xen's word/bit form. The decoder reads such a string
/// back, also from a VM's <c>last_boot_CPU_flags</c> or a host's <c>cpu_info</c>.
/// </summary>
public sealed partial class XapiBackend : IBackend
{
    public const string ReleaseOption = "release";

    // The leaf 1 EDX bits that AMD mirrors in 0x80000001 EDX (gen-cpuid.py `common_1d`): on AMD hosts they are set
    // in word 2 of XAPI's pool level too, so an AMD profile's string carries them the same way.
    private static readonly int[] Common1d = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 14, 15, 16, 17, 23, 24];

    private readonly FeatureDatabase db;
    private readonly Dictionary<string, Lazy<XenRelease>> releases;

    public XapiBackend(FeatureDatabase db)
    {
        this.db = db;
        releases = XenLayout.Releases(db).ToDictionary(r => r, r => new Lazy<XenRelease>(() => new XenRelease(db, r)), StringComparer.Ordinal);
        Options =
        [
            new BackendOption(ReleaseOption, XenLayout.DefaultRelease, "the Xen release of the pool (its featureset length and bits)", XenLayout.Releases(db)),
        ];
    }

    public string Name => "xapi";

    public string FileSuffix => ".xapi.txt";

    public bool Recognize(string text) => XapiArtifact.Recognize(text);

    public (CpuVendor Vendor, string? Evidence) StatedVendor(string artifact) => XapiArtifact.StatedVendor(artifact);

    public IReadOnlyList<BackendOption> Options { get; }

    public string Emit(ProfileIr profile, TargetOptions options)
    {
        var release = Release(options);
        var featureset = Featureset.Format(Words(profile, release));
        var text = new StringBuilder();
        text.Append($"# cpupolicy: profile {profile.Name} for XAPI / XCP-ng, Xen {release.Release} featureset ({release.WordCount} words)\n");
        text.Append("# The profile's features in Xen's word/bit form: the pool level with every bit the profile lacks cleared.\n");
        text.Append($"featureset={featureset}\n");
        text.Append("#\n");
        text.Append("# Set it on each halted VM that uses this profile; it takes effect at the VM's next cold start\n");
        text.Append("# (a reboot keeps the old featureset). List the halted VMs with:\n");
        text.Append("#   xe vm-list power-state=halted params=uuid,name-label\n");
        text.Append($"xe vm-param-set uuid=<VM-UUID> platform:featureset={featureset}\n");
        text.Append("#\n");
        text.Append("# XAPI has no platform:cpu-type key; platform:featureset is its only per-VM CPU masking setting.\n");
        text.Append("# To go back to the pool level: xe vm-param-remove uuid=<VM-UUID> param-name=platform param-key=featureset\n");
        return text.ToString();
    }

    public FeatureSet Decode(string artifact, TargetOptions options, string source = "<artifact>")
    {
        ArtifactErrors.CheckSize(artifact, source);
        var release = Release(options);
        var (text, line, column) = FindFeatureset(artifact, source);
        var words = Featureset.Parse(text, source, line, column);
        var features = new List<FeatureDefinition>();
        for (var w = 0; w < words.Length; w++)
        {
            for (var bit = 0; bit < 32; bit++)
            {
                // Bits no feature of ours has (the AMD copies in word 2, bits of newer Xen releases) are skipped.
                if ((words[w] & (1u << bit)) != 0 && release.FeatureAt(w, bit) is { } f)
                {
                    features.Add(f);
                }
            }
        }

        return FeatureSet.Of(features);
    }

    public FeatureSet Controllable(ProfileIr profile, TargetOptions options) =>
        Uncontrollable(options).Aggregate(db.All, (acc, g) => acc - g.Features);

    public IReadOnlyList<UncontrollableGroup> Uncontrollable(TargetOptions options)
    {
        var release = Release(options);
        var rules = new List<(string Reason, Func<FeatureDefinition, bool> Applies)>
        {
            ($"Xen {release.Release}'s featureset has no bit for it", f => !release.Knows(f)),
            ("Xen computes the bit itself and overrides the featureset (`!` in cpufeatureset.h; HLE and RTM excepted, see XenRelease.IsSpecial)", release.IsSpecial),
            ($"Xen {release.Release} never offers it to guests; left out, because last_boot_CPU_flags would record it and block migrations", f => !release.IsOffered(f)),
            ("Xen hides it unless the VM has platform:nested-virt=true", release.NeedsNestedVirt),
        };
        return UncontrollableGroup.ByFirstRule(db, rules, neverGiven: f => NeverGiven(release, f));
    }

    /// <summary>
    /// The featureset words: (pool level ∩ profile) restricted to what the release offers guests. The pool level is
    /// the hosts' baseline, or the profile itself when it derives from no host. <c>!</c> features stay in (they are in
    /// a real pool level; Xen decides them anyway).
    /// </summary>
    private uint[] Words(ProfileIr profile, XenRelease release)
    {
        var words = new uint[release.WordCount];
        var pool = profile.HostBaseline ?? profile.Features;
        foreach (var f in db.Expand(pool & profile.Features))
        {
            if (release.IsOffered(f) && f.Xen is { } x)
            {
                words[x.Word] |= 1u << x.Bit;
            }
        }

        if (profile.Vendor is CpuVendor.Amd or CpuVendor.Hygon)
        {
            foreach (var bit in Common1d)
            {
                words[2] |= words[0] & (1u << bit);
            }
        }

        return words;
    }

    private XenRelease Release(TargetOptions options) => releases[BackendOptions.Resolve(this, options)[ReleaseOption]].Value;

    /// <summary>
    /// Where the featureset is: after <c>platform:featureset=</c>, on a <c>featureset=</c> line, after
    /// <c>features:</c> (a <c>last_boot_CPU_flags</c> or <c>cpu_info</c> value), or the whole text.
    /// </summary>
    private static (string Text, int Line, int Column) FindFeatureset(string artifact, string source)
    {
        foreach (var pattern in new[] { PlatformKey(), FeaturesetLine(), FeaturesKey() })
        {
            var match = pattern.Match(artifact);
            if (match.Success)
            {
                var group = match.Groups["fs"];
                return (group.Value, LineOf(artifact, group.Index), ColumnOf(artifact, group.Index));
            }
        }

        var trimmed = artifact.Trim();
        if (trimmed.Length == 0 || BareFeatureset().IsMatch(trimmed))
        {
            var start = artifact.IndexOf(trimmed, StringComparison.Ordinal);
            return (trimmed, LineOf(artifact, start), ColumnOf(artifact, start));
        }

        throw ArtifactErrors.File(
            DiagnosticCatalog.ArtifactMalformed, source,
            "no featureset found",
            "give the xapi artifact, `platform:featureset=...`, a last_boot_CPU_flags value (`features: ...`) or the hex words alone");
    }

    private static int LineOf(string text, int index) => text.AsSpan(0, index).Count('\n') + 1;

    private static int ColumnOf(string text, int index) => index - (index == 0 ? -1 : text.LastIndexOf('\n', index - 1));

    // Backtracking (source-generated, no start-up cost) on the hook path. Linear: a literal, then one class run.
    [GeneratedRegex(@"platform:featureset=(?<fs>[0-9A-Za-z:-]*)", RegexOptions.CultureInvariant)]
    private static partial Regex PlatformKey();

    // Backtracking (source-generated, no start-up cost) on the hook path. Linear: anchored at a line start; the blanks, the key and the class runs cannot overlap.
    [GeneratedRegex(@"^[ \t]*featureset[ \t]*[=:][ \t]*(?<fs>[0-9A-Za-z:-]*)[ \t\r]*$", RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex FeaturesetLine();

    // Backtracking (source-generated, no start-up cost) on the hook path. Linear: each part ends at a character the next cannot start with.
    [GeneratedRegex(@"features(_[a-z]+)?[ \t]*:[ \t]*(?<fs>[0-9A-Za-z:-]+)", RegexOptions.CultureInvariant)]
    private static partial Regex FeaturesKey();

    // Backtracking (source-generated, no start-up cost) on the hook path. Linear: every repetition starts with a separator the hex runs cannot contain.
    [GeneratedRegex(@"^[0-9A-Fa-f]+([-:][0-9A-Fa-f]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex BareFeatureset();

    /// <summary>
    /// Whether a guest never has the feature under this release, whatever the artifact says: Xen's featureset lacks a
    /// bit some other release has, Xen never offers it, or it needs nested virtualisation; an opt-in feature without a
    /// key stays off. Features no Xen release tracks (leaf 6, SVM/VMX details) and `!` bits are Xen's own business.
    /// </summary>
    private static bool NeverGiven(XenRelease release, FeatureDefinition f) =>
        f.Xen is not null && !release.IsSpecial(f) && (!release.Knows(f) || !release.IsOffered(f) || release.NeedsNestedVirt(f) || !release.IsDefaultOn(f));
}
