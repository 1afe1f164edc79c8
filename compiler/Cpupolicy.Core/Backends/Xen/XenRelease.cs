using Cpupolicy.Core.Database;

namespace Cpupolicy.Core.Backends.Xen;

/// <summary>
/// What one Xen release knows about each feature: its featureset bit, its attribute letters, and the key libxl
/// accepts for it in <c>xl.cfg cpuid="host,KEY=0"</c>. Built from the feature database, plus libxl's hand-written
/// legacy table (research xen.md §3.2), which libxl searches first and which wins over a generated name.
/// </summary>
public sealed class XenRelease
{
    // Legacy libxl keys that name featureset bits (word, bit). Accepted on input; emitted only where the generated
    // name is shadowed (CLFLUSH: `clflush` is the leaf 1 EBX line-size field, the feature bit is `clfsh`).
    private static readonly Dictionary<string, (int Word, int Bit)> LegacyFeatureKeys = new(StringComparer.Ordinal)
    {
        ["est"] = (1, 7), ["cmpxchg16"] = (1, 13), ["sse4_1"] = (1, 19), ["sse4.1"] = (1, 19),
        ["sse4_2"] = (1, 20), ["sse4.2"] = (1, 20), ["aes"] = (1, 25), ["cmpxchg8"] = (0, 8),
        ["sysenter"] = (0, 11), ["clfsh"] = (0, 19), ["tm"] = (0, 29), ["tsc_adjust"] = (5, 1), ["cmt"] = (5, 12),
        ["lahfsahf"] = (3, 0), ["cmplegacy"] = (3, 1), ["altmovcr8"] = (3, 4), ["nodeid"] = (3, 19),
        ["invtsc"] = (7, 8), ["ppin"] = (8, 23), ["lfence+"] = (11, 2),
    };

    // Legacy libxl keys that are valid but set no featureset bit (numeric fields, or bits outside the featureset).
    private static readonly HashSet<string> LegacyOtherKeys = new(StringComparer.Ordinal)
    {
        "maxleaf", "stepping", "model", "family", "brandid", "clflush", "proccount", "localapicid", "procpkg", "nc",
        "apicidsize", "maxhvleaf", "cntxid", "psn", "ia64", "arat", "perfctr_core", "perfctr_nb", "svm_npt",
        "svm_lbrv", "svm_nrips", "svm_tscrate", "svm_vmcbclean", "svm_decode", "svm_pausefilt",
    };

    private readonly Dictionary<(int Word, int Bit), FeatureDefinition> byBit = [];
    private readonly Dictionary<FeatureDefinition, string> keyOf = [];
    private readonly Dictionary<string, FeatureDefinition?> byKey = new(StringComparer.Ordinal);

    public XenRelease(FeatureDatabase db, string release)
    {
        Db = db;
        Release = release;
        WordCount = XenLayout.WordCount(release);
        foreach (var f in db.Features)
        {
            if (f.Xen is { } x)
            {
                byBit.TryAdd((x.Word, x.Bit), f);
            }
        }

        foreach (var key in LegacyOtherKeys)
        {
            byKey[key] = null;
        }

        foreach (var (key, (word, bit)) in LegacyFeatureKeys)
        {
            byKey[key] = FeatureAt(word, bit);
        }

        foreach (var f in db.Features.Where(Knows))
        {
            var generated = f.Spellings.XenFor(release);
            if (generated is not null && !byKey.ContainsKey(generated))
            {
                byKey[generated] = f;
                keyOf[f] = generated;
            }
            else if (LegacyFeatureKeys.FirstOrDefault(k => k.Value == (f.Xen!.Word, f.Xen.Bit)).Key is { } legacy)
            {
                // The generated name is missing or shadowed by a legacy key: the legacy alias of the bit still works.
                keyOf[f] = legacy;
            }
        }
    }

    public FeatureDatabase Db { get; }

    public string Release { get; }

    /// <summary>FEATURESET_NR_ENTRIES of this release.</summary>
    public int WordCount { get; }

    /// <summary>The feature at a featureset bit (whichever release named it), or null.</summary>
    public FeatureDefinition? FeatureAt(int word, int bit) => byBit.GetValueOrDefault((word, bit));

    /// <summary>The attribute letters this release gives the feature, or null when the release lacks it.</summary>
    public string? Attributes(FeatureDefinition f) =>
        f.Xen is { } x && x.Attributes.TryGetValue(Release, out var a) && x.Word < WordCount ? a : null;

    /// <summary>Whether the release's featureset has the feature.</summary>
    public bool Knows(FeatureDefinition f) => Attributes(f) is not null;

    /// <summary>
    /// <c>!</c>: Xen computes the bit itself and may override the toolstack (APIC, OSXSAVE, HYPERVISOR ...). HLE and
    /// RTM are the exception: their <c>!</c> is for Xen's own TSX handling (it may force them off on a host whose
    /// TSX is disabled), while the toolstack's setting is otherwise honoured; <c>cpuid="host,hle=0,rtm=0"</c> is the
    /// usual way to hide TSX from a guest, and a policy that forbids TSX must be able to say so on Xen.
    /// </summary>
    public bool IsSpecial(FeatureDefinition f) =>
        Attributes(f)?.Contains('!', StringComparison.Ordinal) == true && !IsTsx(f);

    /// <summary>Whether an HVM guest can have the feature at all (any scope letter: in the HVM max policy).</summary>
    public bool IsOffered(FeatureDefinition f) => Attributes(f)?.IndexOfAny(['A', 'S', 'H', 'a', 's', 'h']) >= 0;

    /// <summary>
    /// Whether an HVM (HAP) guest has the feature by default, i.e. when an xl.cfg bit is <c>x</c>: the upper-case
    /// scopes A, S, H. Lower-case scopes are opt-in and need an explicit <c>1</c>.
    /// </summary>
    public bool IsDefaultOn(FeatureDefinition f) => Attributes(f)?.IndexOfAny(['A', 'S', 'H']) >= 0;

    /// <summary>HLE (word 5 bit 4) and RTM (word 5 bit 11).</summary>
    public static bool IsTsx(FeatureDefinition f) => f.Xen is { } x && (x.Word, x.Bit) is (5, 4) or (5, 11);

    /// <summary>VMX and SVM: Xen hides them from a guest unless nested virtualisation is switched on for it.</summary>
    public bool NeedsNestedVirt(FeatureDefinition f) => f.Xen is { } x && (x.Word, x.Bit) is (1, 5) or (3, 2);

    /// <summary>The key libxl of this release accepts for the feature's bit, or null when it has none.</summary>
    public string? LibxlKey(FeatureDefinition f) => keyOf.GetValueOrDefault(f);

    /// <summary>
    /// Looks up a libxl key as libxl does (exact, case-sensitive). True for every key libxl accepts;
    /// <paramref name="feature"/> is null for keys that set no featureset bit (<c>family</c>, <c>clflush</c>, <c>arat</c>).
    /// </summary>
    public bool TryKey(string key, out FeatureDefinition? feature) => byKey.TryGetValue(key, out feature);

    /// <summary>Every libxl key of this release (for "did you mean" hints).</summary>
    public IEnumerable<string> Keys => byKey.Keys;
}
