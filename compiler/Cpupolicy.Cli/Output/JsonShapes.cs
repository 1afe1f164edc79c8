using System.Text.Json.Nodes;
using Cpupolicy.Core.Backends.Nova;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Cli.Output;

/// <summary>
/// The JSON shapes of the CLI contract (docs/cli.md, "JSON shapes"). Every command builds its document from
/// these pieces so that a feature or a diagnostic looks the same wherever it appears.
/// </summary>
public static class JsonShapes
{
    /// <summary>The Xen release whose libxl key fills <c>names.xen</c> (all releases are in <c>names.xen_releases</c>).</summary>
    public const string DefaultXenRelease = "4.17.7";

    /// <summary><c>{"name","leaf","subleaf","register","bit","names":{...}}</c>, or <c>"msr"</c> instead of leaf/register.</summary>
    public static JsonObject Feature(FeatureDefinition f)
    {
        var o = new JsonObject { ["name"] = f.Name };
        var loc = f.Location;
        if (loc.Msr is { } msr)
        {
            o["msr"] = msr;
            o["bit"] = loc.Bit;
        }
        else
        {
            o["leaf"] = loc.Leaf;
            o["subleaf"] = loc.Subleaf;
            o["register"] = loc.Register!.Value.ToString().ToLowerInvariant();
            o["bit"] = loc.Bit;
        }

        var xenReleases = new JsonObject();
        foreach (var (release, key) in f.Spellings.Xen.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            xenReleases[release] = key;
        }

        o["names"] = new JsonObject
        {
            ["xen"] = f.Spellings.XenFor(DefaultXenRelease),
            ["qemu"] = f.Spellings.Qemu,
            ["libvirt"] = f.Spellings.Libvirt,
            ["linux"] = f.Spellings.Linux,
            ["xen_releases"] = xenReleases,
        };
        o["location"] = loc.ToString();
        return o;
    }

    /// <summary>A feature with its dependency and vendor facts, for <c>features --json</c>.</summary>
    public static JsonObject FeatureDetailed(FeatureDefinition f, FeatureDatabase db)
    {
        var o = Feature(f);
        o["vendors"] = Array(f.Vendors.Select(v => v.Keyword()));
        o["migratable"] = f.Migratable;
        o["proxmox"] = f.Spellings.Qemu is { } flag ? $"+{flag}" : null; // a custom model's `flags` take QEMU's names
        o["nova"] = NovaBackend.FlagSpelling(f); // cpu_model_extra_flags take libvirt's names
        o["nova_traits"] = Array(NovaBackend.TraitsOf(f));
        o["requires"] = Array(f.Requires);
        o["requires_all"] = Array(db.Expand(f.RequiresAll).Select(d => d.Name));
        o["aliases"] = Array(f.Aliases);
        if (f.Xen is { } xen)
        {
            var attrs = new JsonObject();
            foreach (var (release, letters) in xen.Attributes.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                attrs[release] = letters;
            }

            o["xen"] = new JsonObject { ["word"] = xen.Word, ["bit"] = xen.Bit, ["attrs"] = attrs };
        }
        else
        {
            o["xen"] = null;
        }

        o["description"] = f.Description;
        return o;
    }

    public static JsonArray Features(FeatureDatabase db, FeatureSet set) =>
        new(db.Expand(set).Select(f => (JsonNode)Feature(f)).ToArray());

    public static JsonArray Names(FeatureDatabase db, FeatureSet set) => Array(db.Expand(set).Select(f => f.Name));

    public static JsonArray Array(IEnumerable<string> items) => new(items.Select(s => (JsonNode)JsonValue.Create(s)!).ToArray());

    public static JsonObject Diagnostic(Diagnostic d) => new()
    {
        ["severity"] = d.Severity == Severity.Error ? "error" : "warning",
        ["code"] = d.Code,
        ["file"] = d.Span.File,
        ["line"] = d.Span.Line == 0 ? null : d.Span.Line,
        ["column"] = d.Span.Line == 0 ? null : d.Span.Column,
        ["element"] = d.Span.Element,
        ["message"] = d.Message,
        ["hint"] = d.Hint,
    };
}
