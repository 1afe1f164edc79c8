using System.Text.RegularExpressions;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Ir;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// Computes a <see cref="FleetBaseline"/>: intersections of the hosts' default views, capabilities and stated CPUs,
/// and a model per catalog (<see cref="BaselineModelChooser"/>). Set operations only; no file is read here.
/// </summary>
public static partial class FleetBaselineCalculator
{
    /// <summary>
    /// The baseline of <paramref name="hosts"/> (at least one), with <paramref name="catalog"/> as the headline model;
    /// "offered by default" is that of <paramref name="kinds"/> (the targets' hypervisors; Xen's view unless told).
    /// </summary>
    public static FleetBaseline Compute(IReadOnlyList<FleetHost> hosts, string catalog = ModelDatabase.Libvirt11, ModelDatabase? models = null, GuestKinds kinds = GuestKinds.Xen)
    {
        ArgumentOutOfRangeException.ThrowIfZero(hosts.Count);
        models ??= ModelDatabase.Default;
        var db = models.FeatureDb;
        var vendors = hosts.Select(h => h.Vendor).Where(v => v != CpuVendor.Unknown).Distinct().Order().ToList();
        var vendor = vendors.Count == 1 && hosts.All(h => h.Vendor != CpuVendor.Unknown) ? vendors[0] : CpuVendor.Unknown;
        var features = hosts.Select(h => h.Symbol.ViewFor(kinds, db)).Aggregate((a, b) => a & b);

        // A fleet has far fewer distinct CPUs than hosts: decode each distinct one once per catalog.
        var distinct = Distinct(hosts);
        var reports = CatalogNames.Catalogs.Where(CatalogNames.IsLibvirt).ToDictionary(c => c, c => Reports(c, distinct, models), StringComparer.Ordinal);
        var raw = reports.Values.First().Select(r => r.Features).Aggregate((a, b) => a & b);
        var fits = CatalogNames.Catalogs
            .Select(c => FitWith(c, reports.TryGetValue(c, out var r) ? Preferred(r) : [], features, vendor, models))
            .OfType<ModelFit>()
            .ToList();
        var names = hosts.Select(h => h.Name).Order(StringComparer.Ordinal).ToList();
        var capability = hosts.Select(h => h.Symbol.Capability).Aggregate((a, b) => a & b);
        return new FleetBaseline
        {
            Hosts = hosts,
            Features = features,
            Capability = capability,
            Raw = raw,
            Vendor = vendor,
            Vendors = vendors,
            Models = fits,
            Catalog = catalog,
            Kinds = kinds,
            Profile = new ProfileIr
            {
                Name = "baseline",
                Features = features,
                Vendor = vendor,
                HostBaseline = capability,
                Hosts = names,
            },
        };
    }

    /// <summary>
    /// The model of <paramref name="catalog"/> for <paramref name="baseline"/>. For libvirt the models the hosts decode
    /// to are the preferred ones, as in <c>virsh cpu-baseline</c>, where each input CPU names its host model.
    /// </summary>
    public static ModelFit? Fit(string catalog, IReadOnlyList<FleetHost> hosts, FeatureSet baseline, CpuVendor vendor, ModelDatabase models) =>
        FitWith(catalog, CatalogNames.IsLibvirt(catalog) ? Preferred(Reports(catalog, Distinct(hosts), models)) : [], baseline, vendor, models);

    private static ModelFit? FitWith(string catalog, IReadOnlyList<string> preferred, FeatureSet baseline, CpuVendor vendor, ModelDatabase models)
    {
        var nameable = CatalogNames.Nameable(catalog, models.FeatureDb);
        return CatalogNames.IsLibvirt(catalog)
            ? BaselineModelChooser.ChooseLibvirt(catalog, models.InCatalog(catalog), baseline, nameable, vendor, preferred)
            : BaselineModelChooser.ChooseQemu(catalog, models.InCatalog(catalog), baseline, nameable, vendor, m => IsGeneric(m, models));
    }

    /// <summary>One host per distinct stated CPU (vendor, signature, features), in first-seen order.</summary>
    private static List<FleetHost> Distinct(IReadOnlyList<FleetHost> hosts) =>
        hosts.DistinctBy(h => (h.Inventory.Vendor, h.Inventory.Family, h.Inventory.Model, h.Inventory.Stepping, h.Inventory.Features)).ToList();

    /// <summary>libvirt's host decode of each host in a catalog: its model, and its features with broken TSX dropped.</summary>
    private static List<HostReport> Reports(string catalog, List<FleetHost> hosts, ModelDatabase models)
    {
        var options = new HostReportOptions { Catalog = catalog, Models = models, Nameable = CatalogNames.Nameable(catalog, models.FeatureDb) };
        return hosts.Select(h => HostReport.Create(h.Inventory, options)).ToList();
    }

    private static List<string> Preferred(List<HostReport> reports) =>
        reports.Select(r => r.ModelName).OfType<string>().Distinct(StringComparer.Ordinal).ToList();

    /// <summary>QEMU's generic models (qemu64, kvm64 ...) are the ones libvirt's map lists without a vendor.</summary>
    private static bool IsGeneric(CpuModel model, ModelDatabase models) =>
        models.Find(ModelDatabase.Libvirt11, VersionSuffix().Replace(model.Name, string.Empty)) is { Vendor: CpuVendor.Unknown, Source: ModelSource.Libvirt };

    [GeneratedRegex(@"-v[0-9]+$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex VersionSuffix();
}
