using System.Text.RegularExpressions;
using Cpupolicy.Compiler.Database;
using Cpupolicy.Compiler.Lowering;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// Computes a <see cref="FleetBaseline"/>: intersections of the hosts' default views, capabilities and stated CPUs,
/// and a model per catalog (<see cref="BaselineModelChooser"/>). Set operations only; no file is read here.
/// </summary>
public static partial class FleetBaselineCalculator
{
    /// <summary>The baseline of <paramref name="hosts"/> (at least one), with <paramref name="catalog"/> as the headline model.</summary>
    public static FleetBaseline Compute(IReadOnlyList<FleetHost> hosts, string catalog = ModelDatabase.Libvirt11, ModelDatabase? models = null)
    {
        ArgumentOutOfRangeException.ThrowIfZero(hosts.Count);
        models ??= ModelDatabase.Default;
        var db = models.FeatureDb;
        var vendors = hosts.Select(h => h.Vendor).Where(v => v != CpuVendor.Unknown).Distinct().Order().ToList();
        var vendor = vendors.Count == 1 && hosts.All(h => h.Vendor != CpuVendor.Unknown) ? vendors[0] : CpuVendor.Unknown;
        var features = hosts.Select(h => h.Symbol.DefaultView).Aggregate((a, b) => a & b);
        var raw = hosts.Select(h => HostReport.Create(h.Inventory, new HostReportOptions { Models = models }).Features).Aggregate((a, b) => a & b);
        var fits = CatalogNames.Catalogs
            .Select(c => Fit(c, hosts, features, vendor, models))
            .OfType<ModelFit>()
            .ToList();
        var names = hosts.Select(h => h.Name).Order(StringComparer.Ordinal).ToList();
        return new FleetBaseline
        {
            Hosts = hosts,
            Features = features,
            Capability = hosts.Select(h => h.Symbol.Capability).Aggregate((a, b) => a & b),
            Raw = raw,
            Vendor = vendor,
            Vendors = vendors,
            Models = fits,
            Catalog = catalog,
            Profile = new ProfileIr
            {
                Name = "baseline",
                Features = features,
                Vendor = vendor,
                HostBaseline = hosts.Select(h => h.Symbol.Capability).Aggregate((a, b) => a & b),
                Hosts = names,
            },
        };
    }

    /// <summary>
    /// The model of <paramref name="catalog"/> for <paramref name="baseline"/>. For libvirt the models the hosts decode
    /// to are the preferred ones, as in <c>virsh cpu-baseline</c>, where each input CPU names its host model.
    /// </summary>
    public static ModelFit? Fit(string catalog, IReadOnlyList<FleetHost> hosts, FeatureSet baseline, CpuVendor vendor, ModelDatabase models)
    {
        var nameable = CatalogNames.Nameable(catalog, models.FeatureDb);
        if (CatalogNames.IsLibvirt(catalog))
        {
            var preferred = hosts
                .Select(h => HostReport.Create(h.Inventory, new HostReportOptions { Catalog = catalog, Models = models, Nameable = nameable }).ModelName)
                .OfType<string>()
                .Distinct(StringComparer.Ordinal)
                .ToList();
            return BaselineModelChooser.ChooseLibvirt(catalog, models.InCatalog(catalog), baseline, nameable, vendor, preferred);
        }

        return BaselineModelChooser.ChooseQemu(catalog, models.InCatalog(catalog), baseline, nameable, vendor, m => IsGeneric(m, models));
    }

    /// <summary>QEMU's generic models (qemu64, kvm64 ...) are the ones libvirt's map lists without a vendor.</summary>
    private static bool IsGeneric(CpuModel model, ModelDatabase models) =>
        models.Find(ModelDatabase.Libvirt11, VersionSuffix().Replace(model.Name, string.Empty)) is { Vendor: CpuVendor.Unknown, Source: ModelSource.Libvirt };

    [GeneratedRegex(@"-v[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionSuffix();
}
