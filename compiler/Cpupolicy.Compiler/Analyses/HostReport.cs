using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Cpupolicy.Core.Database;
using Cpupolicy.Compiler.Inventory;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// What <c>cpupolicy host FILE</c> reports: the host's vendor, signature and features, and the best named model of a
/// catalog that the host can run (libvirt's host decode, see <see cref="HostReportModelChooser"/>) with the host's
/// features beyond it. <see cref="Missing"/> is always empty for a host: a model the host lacks a feature of is not
/// eligible. Print it with <see cref="ToText"/> or <see cref="ToJson"/>.
/// </summary>
public sealed record HostReport
{
    public required HostCapability Host { get; init; }

    /// <summary>The catalog the model was picked from, e.g. <c>libvirt-11.3.0</c>.</summary>
    public required string Catalog { get; init; }

    /// <summary>The host's features as the decoder uses them (<see cref="Dropped"/> removed).</summary>
    public required FeatureSet Features { get; init; }

    /// <summary>
    /// Features the CPU reports but must not be used (<see cref="CpuErrata"/>: <c>hle</c> and <c>rtm</c> where TSX is
    /// broken); libvirt drops them the same way.
    /// </summary>
    public FeatureSet Dropped { get; init; } = FeatureSet.Empty;

    /// <summary>The chosen model, or null when no model of the catalog fits (or the catalog is empty).</summary>
    public CpuModel? Model { get; init; }

    public string? ModelName => Model?.Name;

    /// <summary>Whether the chosen model's signature names this CPU.</summary>
    public bool SignatureMatches { get; init; }

    /// <summary>Host features beyond the model, among those the catalog's map can name.</summary>
    public FeatureSet Extra { get; init; } = FeatureSet.Empty;

    /// <summary>Model features the host lacks: empty by construction for a host report.</summary>
    public FeatureSet Missing { get; init; } = FeatureSet.Empty;

    /// <summary>Decodes a host against a catalog.</summary>
    public static HostReport Create(HostCapability host, HostReportOptions? options = null)
    {
        options ??= HostReportOptions.Default;
        var models = options.Models ?? ModelDatabase.Default;
        var db = models.FeatureDb;
        var dropped = CpuErrata.Unusable(host, db);
        var features = host.Features - dropped;
        var nameable = options.Nameable ?? NameableIn(options.Catalog, db);
        var choice = HostReportModelChooser.Choose(
            models.InCatalog(options.Catalog), features & nameable, host.Vendor, host.Family, host.Model, host.Stepping);
        return new HostReport
        {
            Host = host,
            Catalog = options.Catalog,
            Features = features,
            Dropped = dropped,
            Model = choice?.Model,
            SignatureMatches = choice?.SignatureMatches ?? false,
            Extra = choice?.Extra ?? FeatureSet.Empty,
        };
    }

    /// <summary>
    /// The CLI JSON shape <c>{"vendor","family","model","stepping","features","model_name","extra","missing"}</c>
    /// plus <c>catalog</c>, <c>format</c>, <c>source</c> and <c>dropped</c>; <paramref name="feature"/> renders one
    /// feature (the CLI passes its shared feature shape).
    /// </summary>
    public JsonObject ToJson(FeatureDatabase db, Func<FeatureDefinition, JsonNode> feature) => new()
    {
        ["vendor"] = Host.VendorString,
        ["family"] = Host.Family,
        ["model"] = Host.Model,
        ["stepping"] = Host.Stepping,
        ["features"] = new JsonArray(db.Expand(Features).Select(feature).ToArray()),
        ["model_name"] = ModelName,
        ["extra"] = Names(db, Extra),
        ["missing"] = Names(db, Missing),
        ["catalog"] = Catalog,
        ["format"] = FormatName(Host.Format),
        ["source"] = Host.SourcePath,
        ["dropped"] = Names(db, Dropped),
    };

    /// <summary>A human-readable report, one fact per line.</summary>
    public string ToText(FeatureDatabase db)
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"source:    {Host.SourcePath} ({FormatName(Host.Format)})");
        text.AppendLine(inv, $"vendor:    {(Host.VendorString is { } v ? $"{v} ({Host.Vendor.LibvirtName()})" : "unknown")}");
        text.AppendLine(inv, $"signature: family {Show(Host.Family)}, model {Show(Host.Model)}, stepping {Show(Host.Stepping)}");
        text.AppendLine(inv, $"features:  {Features.Count}: {string.Join(' ', db.Expand(Features).Select(f => f.Name))}");
        if (!Dropped.IsEmpty)
        {
            text.AppendLine(inv, $"dropped:   {string.Join(' ', db.Expand(Dropped).Select(f => f.Name))} (TSX is broken on this CPU)");
        }

        text.AppendLine(inv, $"model:     {ModelName ?? "none fits"} ({Catalog}{(SignatureMatches ? ", signature matches" : string.Empty)})");
        text.AppendLine(inv, $"extra:     {(Extra.IsEmpty ? "(none)" : string.Join(' ', db.Expand(Extra).Select(f => f.Name)))}");
        text.AppendLine(inv, $"missing:   {(Missing.IsEmpty ? "(none)" : string.Join(' ', db.Expand(Missing).Select(f => f.Name)))}");
        return text.ToString();
    }

    /// <summary>The features a catalog's map can name (see <see cref="HostReportOptions.Nameable"/>).</summary>
    public static FeatureSet NameableIn(string catalog, FeatureDatabase db) =>
        catalog.StartsWith("libvirt", StringComparison.Ordinal) ? FeatureSet.Of(db.Features.Where(f => f.Spellings.Libvirt is not null))
        : catalog.StartsWith("qemu", StringComparison.Ordinal) ? FeatureSet.Of(db.Features.Where(f => f.Spellings.Qemu is not null))
        : db.All;

    /// <summary>The kebab-case name of a format, as JSON field values are spelled.</summary>
    public static string FormatName(InventoryFormat format) => format switch
    {
        InventoryFormat.CpuidDump => "cpuid-dump",
        InventoryFormat.LibvirtCpuData => "libvirt-cpu-data",
        InventoryFormat.LibvirtHostCpu => "libvirt-host-cpu",
        InventoryFormat.ProcCpuinfo => "proc-cpuinfo",
        InventoryFormat.XenFeatureset => "xen-featureset",
        InventoryFormat.KubevirtNode => "kubevirt-node",
        InventoryFormat.Probe => "probe",
        _ => format.ToString(),
    };

    private static JsonArray Names(FeatureDatabase db, FeatureSet set) =>
        new(db.Expand(set).Select(f => (JsonNode)JsonValue.Create(f.Name)).ToArray());

    private static string Show(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "?";
}
