using System.Collections.Concurrent;
using Cpupolicy.Core.Backends.Libvirt;
using Cpupolicy.Core.Database;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// The features a model catalog can name: a libvirt release's cpu_map names (9.0.0 knows fewer than 11.3.0), QEMU's
/// property names, or every feature for the psABI. Model choice compares feature sets only within these, as the
/// catalog's owner does: libvirt cannot see, so cannot count, a bit its map has no name for.
/// </summary>
public static class CatalogNames
{
    /// <summary>The catalogs the fleet analyses name models from, the default first.</summary>
    public static readonly IReadOnlyList<string> Catalogs = [ModelDatabase.Libvirt11, ModelDatabase.Libvirt9, ModelDatabase.Qemu];

    private static readonly ConcurrentDictionary<(FeatureDatabase, string), FeatureSet> Cache = new();

    public static FeatureSet Nameable(string catalog, FeatureDatabase db) => Cache.GetOrAdd((db, catalog), key => Compute(key.Item2, key.Item1));

    public static bool IsLibvirt(string catalog) => catalog is ModelDatabase.Libvirt9 or ModelDatabase.Libvirt11;

    private static FeatureSet Compute(string catalog, FeatureDatabase db)
    {
        if (IsLibvirt(catalog))
        {
            var vocabulary = new LibvirtVocabulary(db, catalog == ModelDatabase.Libvirt9 ? LibvirtVocabulary.Release9 : LibvirtVocabulary.Release11);
            return FeatureSet.Of(vocabulary.Names.Select(n => vocabulary.Find(n)!));
        }

        return catalog == ModelDatabase.Qemu ? FeatureSet.Of(db.Features.Where(f => f.Spellings.Qemu is not null)) : db.All;
    }
}
