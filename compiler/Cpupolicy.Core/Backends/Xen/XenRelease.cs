using Cpupolicy.Core.Database;

namespace Cpupolicy.Core.Backends.Xen;

/// <summary>
/// What one Xen release knows about each feature: its featureset bit, its attribute letters, and the key libxl
/// accepts for it in <c>xl.cfg cpuid="host,KEY=0"</c>. Built from the feature database, with libxl's hand-written
/// legacy table (<see cref="XenTables.LibxlLegacyKeys"/>, research xen.md §3.2), which libxl searches first and which
/// wins over a generated name. Legacy keys that set a featureset bit are accepted on input and emitted only where the
/// generated name is missing or shadowed (CLFLUSH: `clflush` is the leaf 1 EBX line-size field, the bit is `clfsh`).
/// </summary>
public sealed class XenRelease
{
    private readonly Dictionary<(int Word, int Bit), FeatureDefinition> byBit = [];
    private readonly Dictionary<FeatureDefinition, string> keyOf = [];
    private readonly Dictionary<string, FeatureDefinition?> byKey = new(StringComparer.Ordinal);

    public XenRelease(FeatureDatabase db, string release)
    {
        Db = db;
        Release = release;
        WordCount = db.Xen.WordCount(release);
        var legacy = db.Xen.LibxlLegacyKeys;
        foreach (var f in db.Features)
        {
            if (f.Xen is { } x)
            {
                byBit.TryAdd((x.Word, x.Bit), f);
            }
        }

        foreach (var key in legacy.Where(k => k.Bit is null))
        {
            byKey[key.Key] = null;
        }

        foreach (var key in legacy)
        {
            if (key.Bit is { } at)
            {
                byKey[key.Key] = FeatureAt(at.Word, at.Bit);
            }
        }

        foreach (var f in db.Features.Where(Knows))
        {
            var generated = f.Spellings.XenFor(release);
            if (generated is not null && !byKey.ContainsKey(generated))
            {
                byKey[generated] = f;
                keyOf[f] = generated;
            }
            else if (legacy.FirstOrDefault(k => k.Bit == (f.Xen!.Word, f.Xen.Bit)) is { } alias)
            {
                // The generated name is missing or shadowed by a legacy key: the legacy alias of the bit still works.
                keyOf[f] = alias.Key;
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
