using Cpupolicy.Core.Database;

namespace Cpupolicy.Core.Backends.Qemu;

/// <summary>
/// QEMU 7.2's <c>-cpu</c> vocabulary: the feature properties (canonical names and the alias properties QEMU
/// registers, such as <c>sse4_1</c>, <c>pclmuldq</c>, <c>i64</c>), and the properties that are not features.
/// </summary>
public sealed class QemuVocabulary
{
    // Alias properties of x86_cpu_initfn() that are not mere separator variants of a canonical name.
    private static readonly string[] ExtraAliases = ["sse3", "pclmuldq", "ffxsr", "i64", "xd"];

    // -cpu properties that set no CPUID feature bit (model identity, sizes, Hyper-V, checks): accepted and ignored.
    private static readonly HashSet<string> OtherProperties = new(StringComparer.Ordinal)
    {
        "enforce", "check", "vendor", "family", "model", "stepping", "model-id", "level", "xlevel", "xlevel2",
        "min-level", "min-xlevel", "min-xlevel2", "phys-bits", "host-phys-bits", "host-phys-bits-limit", "l3-cache",
        "legacy-cache", "host-cache-info", "pmu", "lbr-fmt", "tsc-frequency", "tsc-freq", "kvm", "migratable",
        "full-cpuid-auto-level", "cpuid-0xb", "ucode-rev", "hv-vendor-id", "hv-spinlocks", "kvm-no-smi-migration",
        "guest-phys-bits", "fill-mtrr-mask", "tcg-cpuid", "lmce", "intel-pt-auto-level", "vmware-cpuid-freq",
    };

    private readonly Dictionary<string, FeatureDefinition> exact = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FeatureDefinition> byKey = new(StringComparer.Ordinal);

    public QemuVocabulary(FeatureDatabase db)
    {
        foreach (var f in db.Features)
        {
            if (f.Spellings.Qemu is { } name)
            {
                exact.TryAdd(name, f);
                byKey.TryAdd(NameKey.Of(name), f);
            }
        }

        foreach (var alias in ExtraAliases)
        {
            if (db.Find(alias) is { } f && f.Spellings.Qemu is not null)
            {
                exact.TryAdd(alias, f);
            }
        }

        Nameable = FeatureSet.Of(exact.Values);
    }

    /// <summary>The features a <c>-cpu</c> token can switch.</summary>
    public FeatureSet Nameable { get; }

    public IEnumerable<string> Names => exact.Keys;

    /// <summary>The feature a property name means: exact, then up to <c>_</c>/<c>-</c>/<c>.</c> (QEMU's alias properties).</summary>
    public FeatureDefinition? Find(string name) =>
        exact.GetValueOrDefault(name) ?? byKey.GetValueOrDefault(NameKey.Of(name));

    /// <summary>Whether a property is one QEMU accepts that sets no feature bit (<c>vendor=</c>, <c>hv-*</c>, <c>x-*</c>).</summary>
    public static bool IsOtherProperty(string name) =>
        OtherProperties.Contains(name) || name.StartsWith("hv-", StringComparison.Ordinal) || name.StartsWith("hv_", StringComparison.Ordinal)
        || name.StartsWith("x-", StringComparison.Ordinal);
}
