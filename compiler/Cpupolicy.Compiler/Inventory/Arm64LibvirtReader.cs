using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Database.Arm64;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Inventory;

/// <summary>
/// Reads libvirt's view of an aarch64 host: <c>virsh capabilities</c> (<c>host/cpu</c>: <c>&lt;arch&gt;aarch64</c>,
/// <c>&lt;model&gt;Kunpeng-920</c>, <c>&lt;vendor&gt;HiSilicon</c>, rarely <c>&lt;feature name='sve'/&gt;</c>), a bare
/// <c>&lt;cpu&gt;</c> of it, or <c>virsh domcapabilities</c> (<c>&lt;arch&gt;aarch64</c>, the GIC versions KVM can give
/// a guest). libvirt knows an aarch64 CPU only as vendor + MIDR part number (its cpu_map's <c>pvr</c>) and features
/// only for SVE and pointer authentication, so the host's field levels are those few features; every other field
/// is unknown (<see cref="Arm64Host.Knowable"/>). The GIC version is the highest that domcapabilities lists.
/// </summary>
public static partial class Arm64LibvirtReader
{
    /// <summary>The features libvirt can state on aarch64, by its spelling.</summary>
    private static readonly Dictionary<string, string[]> Spellings = new(StringComparer.Ordinal)
    {
        ["sve"] = ["sve"],
        ["pauth"] = ["paca", "pacg"],
    };

    /// <summary>
    /// Whether a libvirt document (capabilities, domcapabilities, host or cpu) describes an aarch64 host: it has
    /// <c>&lt;arch&gt;aarch64&lt;/arch&gt;</c> (the host's or the domain's arch; a guest's is <c>&lt;arch name='aarch64'&gt;</c>,
    /// which an x86 host offering TCG guests lists). A text test, so a cut-off file is still told apart.
    /// </summary>
    public static bool Looks(string text) => ArchElement().IsMatch(text);

    public static HostCapability Parse(string text, string path, Arm64Database db) => Parse(InventoryXml.Load(text, path), path, db);

    public static HostCapability Parse(XDocument doc, string path, Arm64Database db)
    {
        var root = doc.Root!;
        var cpu = root.Name.LocalName switch
        {
            "capabilities" => root.Element("host")?.Element("cpu"),
            "host" => root.Element("cpu"),
            "cpu" => root,
            _ => root.Element("cpu")?.Elements("mode").FirstOrDefault(m => m.Attribute("name")?.Value == "host-model" && m.Attribute("supported")?.Value != "no"),
        };

        Arm64Midr? midr = null;
        var vendor = CpuVendor.Unknown;
        if (cpu?.Element("model") is { } model && model.Value.Trim().Length > 0)
        {
            if (db.FindLibvirtModel(model.Value) is not { } found)
            {
                var suggestions = NameSuggester.Suggest(model.Value.Trim(), db.LibvirtModels);
                throw InventoryErrors.AtXml(
                    DiagnosticCatalog.Arm64LibvirtModelUnknown,
                    path,
                    model,
                    $"`{model.Value.Trim()}` is not an aarch64 model of libvirt's cpu_map, so its vendor and part number are unknown",
                    NameSuggester.DidYouMean(suggestions) ?? "libvirt names aarch64 CPUs by vendor and part (cpu_map/arm_*.xml); give /proc/cpuinfo or an ID-register dump instead");
            }

            // libvirt states no variant or revision: the part is known, its revision is not.
            midr = new Arm64Midr(found.Implementer, 0, 0xF, found.Part, 0);
            vendor = db.VendorOf(found.Implementer);
        }
        else if (cpu?.Element("vendor")?.Value is { } stated && db.FindLibvirtVendor(stated) is { } code)
        {
            vendor = db.VendorOf(code);
        }

        var present = new List<int>();
        var unknown = new List<(string Name, XElement Element)>();
        foreach (var f in cpu?.Elements("feature") ?? [])
        {
            var name = f.Attribute("name")?.Value
                ?? throw InventoryErrors.AtXml(DiagnosticCatalog.InventoryXmlContent, path, f, "`<feature>` lacks the `name` attribute");
            var policy = f.Attribute("policy")?.Value ?? "require";
            if (policy is "disable" or "forbid")
            {
                continue;
            }

            if (Spellings.TryGetValue(name, out var hwcaps))
            {
                present.AddRange(hwcaps.Select(h => db.Find(h)!.Index));
            }
            else if (!IsVectorLength(name))
            {
                unknown.Add((name, f));
            }
        }

        var knowable = FeatureSet.Of(Spellings.Values.SelectMany(h => h).Select(h => db.Find(h)!.Index));
        var levels = Arm64Levels.FromFeatures(db.CloseUnderRequires(FeatureSet.Of(present)), db);
        var gic = GicVersions(root);
        var host = new Arm64Host(levels, knowable, midr, null)
        {
            RevisionKnown = false,
            GicVersion = gic.Count == 0 ? null : gic[^1],
            GicSource = gic.Count == 0 ? null : $"domcapabilities <gic> versions {string.Join(", ", gic)}",
        };
        return new HostCapability
        {
            SourcePath = path,
            Format = InventoryFormat.Arm64Libvirt,
            Vendor = vendor,
            Features = FeatureSet.Empty,
            Knowable = FeatureSet.Empty,
            StatedModel = cpu?.Element("model")?.Value.Trim(),
            ForeignArch = Arm64Host.Arch,
            Arm64 = host,
            Warnings = unknown.Count == 0 ? [] : [Ignored(unknown, path)],
        };
    }

    /// <summary><c>sve128</c> ... <c>sve2048</c>: SVE vector lengths, not ID-register fields.</summary>
    private static bool IsVectorLength(string name) =>
        name.StartsWith("sve", StringComparison.Ordinal) && name.Length > 3 && name[3..].All(char.IsAsciiDigit);

    /// <summary>domcapabilities' <c>features/gic[@supported='yes']/enum[@name='version']/value</c>, normalised and sorted.</summary>
    private static List<string> GicVersions(XElement root) =>
        root.Element("features")?.Elements("gic").Where(g => g.Attribute("supported")?.Value == "yes")
            .SelectMany(g => g.Elements("enum").Where(e => e.Attribute("name")?.Value == "version"))
            .SelectMany(e => e.Elements("value"))
            .Select(v => Arm64RegisterReader.GicVersionText(v.Value))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList() ?? [];

    [GeneratedRegex(@"<arch>\s*aarch64\s*</arch>", RegexOptions.NonBacktracking)]
    private static partial Regex ArchElement();

    private static Diagnostic Ignored(List<(string Name, XElement Element)> unknown, string path)
    {
        var first = unknown[0].Element as IXmlLineInfo;
        var span = first is not null && first.HasLineInfo() ? SourceSpan.At(path, first.LineNumber, first.LinePosition) : SourceSpan.WholeFile(path);
        return DiagnosticCatalog.InventoryFeatureIgnored.Create(
            span,
            $"{unknown.Count} feature name(s) are not aarch64 features libvirt states and were ignored: {string.Join(", ", unknown.Select(u => $"`{u.Name}`"))}",
            "libvirt states only `sve`, the SVE vector lengths and `pauth` on aarch64");
    }
}
