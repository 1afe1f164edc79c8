using System.Xml.Linq;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Inventory;

/// <summary>
/// Reads a libvirt <c>&lt;cpu&gt;</c> description of a host: alone (<c>&lt;cpu&gt;&lt;model&gt;Skylake-Client-v2&lt;/model&gt;
/// &lt;vendor&gt;Intel&lt;/vendor&gt;&lt;feature name='vmx'/&gt;...</c>), inside <c>virsh capabilities</c>
/// (<c>capabilities/host/cpu</c>, or a bare <c>&lt;host&gt;</c> fragment), or inside <c>virsh domcapabilities</c>
/// (<c>domainCapabilities/cpu/mode[@name='host-model']</c>).
/// The host's features are the model's features (expanded through a libvirt cpu_map), plus the listed features,
/// minus those with <c>policy='disable'</c> or <c>'forbid'</c>.
/// </summary>
public static class LibvirtHostCpuReader
{
    /// <summary>Without an explicit catalog a model name is looked up here first: libvirt 9.0.0 is what Debian 12 runs.</summary>
    private static readonly string[] CatalogPreference = [ModelDatabase.Libvirt9, ModelDatabase.Libvirt11];

    public static HostCapability Parse(string text, string path, InventoryOptions options) =>
        Parse(InventoryXml.Load(text, path), path, options);

    internal static HostCapability Parse(XDocument doc, string path, InventoryOptions options)
    {
        var cpu = FindCpu(doc.Root!, path);

        if (cpu.Element("arch") is { } arch && arch.Value.Trim() is not ("x86_64" or "i686"))
        {
            if (options.AllowForeignArch)
            {
                var stated = cpu.Element("vendor")?.Value.Trim();
                return new HostCapability
                {
                    SourcePath = path,
                    Format = InventoryFormat.LibvirtHostCpu,
                    Vendor = CpuVendors.Parse(stated),
                    Features = FeatureSet.Empty,
                    Knowable = FeatureSet.Empty,
                    ForeignArch = arch.Value.Trim(),
                };
            }

            throw InventoryErrors.AtXml(DiagnosticCatalog.InventoryXmlContent, path, arch, $"`<arch>{arch.Value.Trim()}</arch>` is not x86; cpupolicy handles x86 CPUs only");
        }

        CpuModel? model = null;
        string? modelName = null;
        if (cpu.Element("model") is { } modelElement)
        {
            modelName = modelElement.Value.Trim();
            model = ResolveModel(modelName, options, path, modelElement);
        }

        // Validate every feature element before touching the database, so a malformed file fails the same way
        // whatever the database holds.
        var listed = new List<(string Name, bool Enabled, XElement Element)>();
        foreach (var f in cpu.Elements("feature"))
        {
            var name = f.Attribute("name")?.Value
                ?? throw InventoryErrors.AtXml(DiagnosticCatalog.InventoryXmlContent, path, f, "`<feature>` lacks the `name` attribute");
            var policy = f.Attribute("policy")?.Value ?? "require";
            var enabled = policy switch
            {
                // `optional` means "if the host has it"; a host description that lists it is saying it has it.
                "require" or "force" or "optional" => true,
                "disable" or "forbid" => false,
                _ => throw InventoryErrors.AtXml(
                    DiagnosticCatalog.InventoryXmlContent,
                    path,
                    f.Attribute("policy")!,
                    $"`policy='{policy}'` is not a libvirt feature policy",
                    "use one of `require`, `force`, `optional`, `disable`, `forbid`"),
            };
            listed.Add((name, enabled, f));
        }

        var db = options.FeatureDb;
        var features = model?.Features ?? FeatureSet.Empty;
        var unknown = new List<(string Name, XElement Element)>();

        // A hand-written file may name a feature by another tool's spelling (`tme`, Linux's and QEMU's name, which
        // libvirt has none for); the file then speaks about it, so it is knowable from this file too (found by
        // AFL++: the host had a feature outside what it could state).
        // Each named feature's last entry decides (as libvirt reads them); the sets are built once at the end, not
        // copied per feature (a fleet baseline reads 1,000 hosts of about forty features each).
        var last = new Dictionary<int, bool>();
        foreach (var (name, enabled, element) in listed)
        {
            if (BackendNames.FindLibvirt(db, name) is not { } feature)
            {
                unknown.Add((name, element));
                continue;
            }

            last[feature.Index] = enabled;
        }

        var knowable = BackendNames.LibvirtNameable(db) | FeatureSet.Of(last.Keys);
        features = (features | FeatureSet.Of(last.Where(e => e.Value).Select(e => e.Key))) - FeatureSet.Of(last.Where(e => !e.Value).Select(e => e.Key));

        var vendorText = cpu.Element("vendor")?.Value.Trim();
        var vendor = string.IsNullOrEmpty(vendorText) ? model?.Vendor ?? CpuVendor.Unknown : CpuVendors.Parse(vendorText);
        var signature = cpu.Element("signature");
        return new HostCapability
        {
            SourcePath = path,
            Format = InventoryFormat.LibvirtHostCpu,
            Vendor = vendor,
            Family = signature is null ? null : XmlAttributes.OptionalInt(signature, "family", path),
            Model = signature is null ? null : XmlAttributes.OptionalInt(signature, "model", path),
            Stepping = signature is null ? null : XmlAttributes.OptionalInt(signature, "stepping", path),
            Features = features,
            Knowable = knowable,
            StatedModel = modelName,
            StatedModelCatalog = model?.Catalog,
            VendorInferred = string.IsNullOrEmpty(vendorText),
            Warnings = unknown.Count == 0 ? [] : [UnknownFeatures(unknown, db, path)],
        };
    }

    /// <summary>Whether an XML root element is one this reader understands.</summary>
    public static bool IsRoot(string name) => name is "cpu" or "capabilities" or "host" or "domainCapabilities";

    private static XElement FindCpu(XElement root, string path)
    {
        XElement? cpu = root.Name.LocalName switch
        {
            "cpu" => root,
            "host" => root.Element("cpu"),
            "capabilities" => root.Element("host")?.Element("cpu"),
            "domainCapabilities" => root.Element("cpu")?.Elements("mode").FirstOrDefault(m => m.Attribute("name")?.Value == "host-model"),
            _ => null,
        };

        if (cpu is null)
        {
            var where = root.Name.LocalName == "domainCapabilities" ? "a `<mode name='host-model'>` under `<cpu>`" : "a `<cpu>` element";
            throw InventoryErrors.AtXml(DiagnosticCatalog.InventoryXmlContent, path, root, $"`<{root.Name.LocalName}>` has no {where}", "save the whole output of `virsh capabilities`");
        }

        if (root.Name.LocalName == "domainCapabilities" && cpu.Attribute("supported")?.Value == "no")
        {
            throw InventoryErrors.AtXml(DiagnosticCatalog.InventoryXmlContent, path, cpu, "this hypervisor does not support host-model, so domain capabilities do not describe the host CPU", "use `virsh capabilities` instead");
        }

        return cpu;
    }

    private static CpuModel? ResolveModel(string name, InventoryOptions options, string path, XElement at)
    {
        if (name.Length == 0)
        {
            return null;
        }

        var models = options.ModelDb;
        var catalogs = options.LibvirtCatalog is { } explicitCatalog ? [explicitCatalog] : CatalogPreference;
        foreach (var catalog in catalogs)
        {
            if (models.Find(catalog, name) is { } model)
            {
                return model;
            }
        }

        var known = catalogs.SelectMany(c => models.InCatalog(c)).Select(m => m.Name);
        var suggestions = NameSuggester.Suggest(name, known);
        throw InventoryErrors.AtXml(
            DiagnosticCatalog.UnknownInventoryModel,
            path,
            at,
            $"`{name}` is not a model of {string.Join(" or ", catalogs)}, so its features are unknown",
            NameSuggester.DidYouMean(suggestions) ?? "cpupolicy knows the maps of libvirt 9.0.0 and 11.3.0; list them with `cpupolicy models`");
    }

    private static Diagnostic UnknownFeatures(List<(string Name, XElement Element)> unknown, FeatureDatabase db, string path)
    {
        var first = unknown[0].Element as System.Xml.IXmlLineInfo;
        var span = first is not null && first.HasLineInfo() ? SourceSpan.At(path, first.LineNumber, first.LinePosition) : SourceSpan.WholeFile(path);
        var suggestions = db.Suggest(unknown[0].Name);
        return DiagnosticCatalog.InventoryFeatureIgnored.Create(
            span,
            $"{unknown.Count} feature name(s) are not in the database and were ignored: {string.Join(", ", unknown.Select(u => $"`{u.Name}`"))}",
            NameSuggester.DidYouMean(suggestions) is { } hint ? $"for `{unknown[0].Name}`, {hint}" : null);
    }
}
