using System.Runtime.CompilerServices;
using Cpupolicy.Core.Database;

namespace Cpupolicy.Compiler.Inventory;

/// <summary>
/// Exact lookups by one backend's own spelling. A name printed by Linux or libvirt means that tool's feature, so it
/// is looked up in that tool's vocabulary first: <see cref="FeatureDatabase.Find"/> ranks QEMU's spelling higher and
/// would, for instance, read Linux's synthetic <c>ibrs</c> flag as AMD's IBRS bit.
/// </summary>
internal static class BackendNames
{
    private static readonly ConditionalWeakTable<FeatureDatabase, Dictionary<string, FeatureDefinition>> Linux = [];
    private static readonly ConditionalWeakTable<FeatureDatabase, Dictionary<string, FeatureDefinition>> Libvirt = [];

    // Computed once per database: every host read asks (a 1,000-host baseline spent 14% of its time rebuilding them).
    private static readonly ConditionalWeakTable<FeatureDatabase, FeatureSet> LinuxSet = [];
    private static readonly ConditionalWeakTable<FeatureDatabase, FeatureSet> LibvirtSet = [];

    /// <summary>The feature Linux prints under this <c>/proc/cpuinfo</c> flag, or null (synthetic and unknown flags).</summary>
    public static FeatureDefinition? FindLinux(FeatureDatabase db, string flag) =>
        Linux.GetValue(db, d => Index(d, f => f.Spellings.Linux)).GetValueOrDefault(flag);

    /// <summary>The feature libvirt calls this, falling back to any spelling (hand-written XML, older names).</summary>
    public static FeatureDefinition? FindLibvirt(FeatureDatabase db, string name) =>
        Libvirt.GetValue(db, d => Index(d, f => f.Spellings.Libvirt)).GetValueOrDefault(name) ?? db.Find(name);

    /// <summary>Every feature libvirt can name (the features a libvirt host CPU can speak about).</summary>
    public static FeatureSet LibvirtNameable(FeatureDatabase db) =>
        LibvirtSet.GetValue(db, d => FeatureSet.Of(d.Features.Where(f => f.Spellings.Libvirt is not null)));

    /// <summary>Every feature Linux prints a flag for.</summary>
    public static FeatureSet LinuxNameable(FeatureDatabase db) =>
        LinuxSet.GetValue(db, d => FeatureSet.Of(d.Features.Where(f => f.Spellings.Linux is not null)));

    private static Dictionary<string, FeatureDefinition> Index(FeatureDatabase db, Func<FeatureDefinition, string?> spelling)
    {
        var index = new Dictionary<string, FeatureDefinition>(StringComparer.Ordinal);
        foreach (var f in db.Features)
        {
            if (spelling(f) is { } name)
            {
                index.TryAdd(name, f);
            }
        }

        return index;
    }
}
