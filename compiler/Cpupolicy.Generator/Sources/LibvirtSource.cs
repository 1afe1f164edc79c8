using System.Globalization;
using System.Numerics;
using System.Xml.Linq;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Database.Schema;

namespace Cpupolicy.Generator.Sources;

/// <summary>Reads libvirt's x86 cpu_map folder (index.xml, x86_vendors.xml, x86_features.xml, x86_&lt;Model&gt;.xml).</summary>
public static class LibvirtSource
{
    public static LibvirtCatalog Load(string release, string mapDir)
    {
        var index = XDocument.Load(Path.Combine(mapDir, "index.xml"));
        var x86 = index.Root!.Elements("arch").Single(a => (string?)a.Attribute("name") == "x86");
        var includes = x86.Descendants("include").Select(i => (string)i.Attribute("filename")!).ToList();

        var vendors = new Dictionary<string, string>(StringComparer.Ordinal);
        var features = new List<LibvirtFeature>();
        var models = new List<LibvirtModel>();
        var byName = new Dictionary<string, LibvirtModel>(StringComparer.Ordinal);
        foreach (var file in includes)
        {
            var root = XDocument.Load(Path.Combine(mapDir, file)).Root!;
            foreach (var v in root.Elements("vendor"))
            {
                vendors[(string)v.Attribute("name")!] = (string)v.Attribute("string")!;
            }

            foreach (var f in root.Elements("feature"))
            {
                features.Add(ParseFeature(f));
            }

            foreach (var m in root.Elements("model"))
            {
                // Order = 1-based position among the models of index.xml (0 is left for "no order").
                var model = ParseModel(m, models.Count + 1, byName);
                models.Add(model);
                byName[model.Name] = model;
            }
        }

        return new LibvirtCatalog(release, features, models);
    }

    private static LibvirtFeature ParseFeature(XElement f)
    {
        var name = (string)f.Attribute("name")!;
        var aliases = f.Elements("alias")
            .Select(a => new LibvirtAlias((string)a.Attribute("name")!, (string?)a.Attribute("source") ?? string.Empty))
            .ToList();
        var migratable = (string?)f.Attribute("migratable") != "no";
        Coordinate? coordinate = null;
        foreach (var c in f.Elements("cpuid"))
        {
            var leaf = Hex((string)c.Attribute("eax_in")!);
            uint? subleaf = c.Attribute("ecx_in") is { } e ? Hex(e.Value) : null;
            foreach (var reg in Enum.GetValues<CpuidRegister>())
            {
                if (c.Attribute(reg.ToString().ToLowerInvariant()) is { } mask)
                {
                    coordinate = Coordinate.Cpuid(leaf, subleaf, reg, SingleBit(Hex(mask.Value), name));
                }
            }
        }

        foreach (var m in f.Elements("msr"))
        {
            var value = ((ulong)Hex((string)m.Attribute("edx")!) << 32) | Hex((string)m.Attribute("eax")!);
            coordinate = Coordinate.ForMsr(Hex((string)m.Attribute("index")!), SingleBit(value, name));
        }

        return new LibvirtFeature(
            name,
            coordinate ?? throw new InvalidDataException($"libvirt feature {name} has no cpuid/msr element"),
            aliases,
            migratable);
    }

    private static LibvirtModel ParseModel(XElement m, int order, Dictionary<string, LibvirtModel> known)
    {
        var name = (string)m.Attribute("name")!;
        var parentName = (string?)m.Element("model")?.Attribute("name");
        LibvirtModel? parent = null;
        if (parentName is not null && !known.TryGetValue(parentName, out parent))
        {
            throw new InvalidDataException($"libvirt model {name} names unknown parent {parentName}");
        }

        var features = new List<string>(parent?.Features ?? []);
        var removed = new List<string>(parent?.Removed ?? []);
        foreach (var f in m.Elements("feature"))
        {
            var fname = (string)f.Attribute("name")!;
            if ((string?)f.Attribute("added") == "yes")
            {
                // libvirt 10+ appends vmx-* capability features to old models with added='yes'; libvirt itself does
                // not count them as part of the model (its expected host decodes in cputestdata prove it), so neither do we.
                continue;
            }

            if ((string?)f.Attribute("removed") == "yes")
            {
                removed.Add(fname);
            }
            else
            {
                features.Add(fname);
            }
        }

        var signatures = m.Elements("signature").Select(ParseSignature).ToList();
        var decode = m.Element("decode");
        return new LibvirtModel(
            name,
            order,
            (string?)m.Element("vendor")?.Attribute("name") ?? parent?.Vendor,
            parentName,
            features.Distinct(StringComparer.Ordinal).ToList(),
            removed.Distinct(StringComparer.Ordinal).ToList(),
            decode is null || (string?)decode.Attribute("host") != "off",
            decode is null || (string?)decode.Attribute("guest") != "off",
            signatures.Count > 0 ? signatures : parent?.Signatures ?? []);
    }

    /// <summary>stepping is absent (any), a number, a range "0-4", or a comma list of those.</summary>
    private static SignatureRecord ParseSignature(XElement s)
    {
        var family = int.Parse((string)s.Attribute("family")!, CultureInfo.InvariantCulture);
        var model = int.Parse((string)s.Attribute("model")!, CultureInfo.InvariantCulture);
        List<int>? steppings = null;
        if ((string?)s.Attribute("stepping") is { } text)
        {
            steppings = [];
            foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var range = part.Split('-');
                var lo = int.Parse(range[0], CultureInfo.InvariantCulture);
                var hi = range.Length > 1 ? int.Parse(range[1], CultureInfo.InvariantCulture) : lo;
                for (var i = lo; i <= hi; i++)
                {
                    steppings.Add(i);
                }
            }

            steppings = steppings.Distinct().Order().ToList();
        }

        return new SignatureRecord(family, model, steppings);
    }

    private static int SingleBit(ulong mask, string feature) =>
        BitOperations.PopCount(mask) == 1
            ? BitOperations.TrailingZeroCount(mask)
            : throw new InvalidDataException($"libvirt feature {feature} has mask 0x{mask:x}, not a single bit");

    private static uint Hex(string text) =>
        uint.Parse(text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
