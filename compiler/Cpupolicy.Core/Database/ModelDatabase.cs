using System.Text.Json;
using Cpupolicy.Core.Database.Schema;

namespace Cpupolicy.Core.Database;

/// <summary>
/// Every named model of QEMU 7.2, libvirt 9.0.0 and 11.3.0, and the x86-64 psABI levels, as generated into
/// <c>Data/models.json</c> (the build loads its binary image, <see cref="DatabaseImage"/>). A bare name (<c>model(Haswell)</c> in a policy) resolves in <see cref="LookupOrder"/>:
/// QEMU first (what a guest really gets), then libvirt 11.3.0, libvirt 9.0.0, the psABI.
/// </summary>
public sealed class ModelDatabase
{
    public const string Qemu = "qemu-7.2";
    public const string Libvirt9 = "libvirt-9.0.0";
    public const string Libvirt11 = "libvirt-11.3.0";
    public const string Psabi = "psabi-1.0";

    public static readonly IReadOnlyList<string> LookupOrder = [Qemu, Libvirt11, Libvirt9, Psabi];

    private readonly Dictionary<string, Dictionary<string, CpuModel>> byCatalog;

    internal ModelDatabase(FeatureDatabase features, IReadOnlyList<CpuModel> models, IReadOnlyDictionary<string, string> sources)
    {
        FeatureDb = features;
        Models = models;
        Sources = sources;
        byCatalog = models
            .GroupBy(m => m.Catalog, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToDictionary(m => m.Name, StringComparer.OrdinalIgnoreCase), StringComparer.Ordinal);
    }

    public static ModelDatabase Default => DatabaseImage.Default.Models;

    public FeatureDatabase FeatureDb { get; }

    /// <summary>Every model, sorted by catalog then name.</summary>
    public IReadOnlyList<CpuModel> Models { get; }

    public IReadOnlyDictionary<string, string> Sources { get; }

    /// <summary>The models of one catalog (e.g. <see cref="Libvirt11"/>).</summary>
    public IReadOnlyCollection<CpuModel> InCatalog(string catalog) =>
        byCatalog.TryGetValue(catalog, out var models) ? models.Values : [];

    /// <summary>The model of this name in one catalog (case-insensitive), or null.</summary>
    public CpuModel? Find(string catalog, string name) =>
        byCatalog.TryGetValue(catalog, out var models) ? models.GetValueOrDefault(name) : null;

    /// <summary>The model a bare name means, searching the catalogs in <see cref="LookupOrder"/>.</summary>
    public CpuModel? Find(string name) =>
        LookupOrder.Select(c => Find(c, name)).FirstOrDefault(m => m is not null);

    /// <summary>Follows QEMU aliases (<c>Haswell</c> → <c>Haswell-v1</c>) to the versioned model.</summary>
    public CpuModel Resolve(CpuModel model)
    {
        var current = model;
        for (var hops = 0; current.Source == ModelSource.Qemu && current.AliasOf is { } target && hops < 8; hops++)
        {
            current = Find(current.Catalog, target) ?? current;
        }

        return current;
    }

    public IReadOnlyList<string> Suggest(string unknown, int max = 3) =>
        NameSuggester.Suggest(unknown, Models.Select(m => m.Name), max);

    /// <summary>
    /// Names that QEMU 7.2 and a libvirt map both define with different feature sets: for each, the features
    /// only QEMU's definition has and those only libvirt's has.
    /// </summary>
    public IEnumerable<(string Name, string LibvirtCatalog, FeatureSet OnlyQemu, FeatureSet OnlyLibvirt)> Disagreements()
    {
        foreach (var catalog in new[] { Libvirt9, Libvirt11 })
        {
            foreach (var lv in InCatalog(catalog).OrderBy(m => m.Name, StringComparer.Ordinal))
            {
                if (Find(Qemu, lv.Name) is not { } q)
                {
                    continue;
                }

                var qemuFeatures = Resolve(q).Features;
                if (!qemuFeatures.Equals(lv.Features))
                {
                    yield return (lv.Name, catalog, qemuFeatures - lv.Features, lv.Features - qemuFeatures);
                }
            }
        }
    }

    /// <summary>Reads a models.json (the generator's output); the built-in database loads its image instead.</summary>
    public static ModelDatabase Load(Stream json, FeatureDatabase features) =>
        FromFile(JsonSerializer.Deserialize(json, DataFileJsonContext.Default.ModelFile)
            ?? throw new InvalidDataException("models.json is empty"), features);

    public static ModelDatabase FromFile(ModelFile file, FeatureDatabase features) =>
        new(features, file.Models.Select(r => FromRecord(r, features)).ToList(), file.Sources);

    private static CpuModel FromRecord(ModelRecord r, FeatureDatabase features) => new()
    {
        Name = r.Name,
        Source = Enum.Parse<ModelSource>(r.Source, ignoreCase: true),
        Release = r.Release,
        Vendor = CpuVendors.Parse(r.Vendor),
        AliasOf = r.AliasOf,
        Features = features.SetOf(r.Features),
        Removed = features.SetOf(r.Removed),
        Order = r.Order ?? 0,
        DecodeHost = r.DecodeHost ?? true,
        DecodeGuest = r.DecodeGuest ?? true,
        Signatures = r.Signatures.Select(s => new CpuSignature(s.Family, s.Model, s.Stepping)).ToList(),
        MigrationSafe = r.MigrationSafe,
    };
}
