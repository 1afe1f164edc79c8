using System.Text;
using System.Text.Json.Nodes;
using Cpupolicy.Compiler.Inventory;
using Cpupolicy.Core.Database;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>`cpupolicy host` for an aarch64 inventory: vendor (MIDR implementer), part, revision, features (hwcaps first).</summary>
public static class Arm64HostReport
{
    public static string ToText(HostCapability host)
    {
        var arm = host.Arm64!;
        var db = arm.Database;
        var sb = new StringBuilder();
        sb.Append("source:   ").Append(host.SourcePath).Append(" (").Append(FormatName(host.Format)).Append(")\n");
        sb.Append("arch:     aarch64\n");
        if (arm.Midr is { } m)
        {
            sb.Append("vendor:   ").Append(db.ImplementerName(m.Implementer)).Append($" (implementer 0x{m.Implementer:x2})\n");
            sb.Append("part:     ").Append(db.PartName(m.Implementer, m.Part) ?? "not named by Linux").Append($" (0x{m.Part:x3})")
                .Append(arm.RevisionKnown ? $", r{m.Variant}p{m.Revision}" : string.Empty)
                .Append(db.LibvirtModelName(m.Implementer, m.Part) is { } libvirt ? $", libvirt model {libvirt}" : string.Empty).Append('\n');
        }
        else if (host.Vendor != CpuVendor.Unknown)
        {
            sb.Append("vendor:   ").Append(host.Vendor.Keyword()).Append(" (no part in this file)\n");
        }

        if (arm.GicVersion is { } gic)
        {
            sb.Append("gic:      version ").Append(gic).Append(" (").Append(arm.GicSource).Append(")\n");
        }

        if (arm.CounterHz is { } hz)
        {
            sb.Append("counter:  ").Append(hz.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(" Hz (CNTFRQ_EL0)\n");
        }

        var features = db.Expand(arm.Features).ToList();
        sb.Append("hwcaps:   ").Append(string.Join(' ', features.Where(f => f.IsHwcap).Select(f => f.Name))).Append('\n');
        var fields = features.Where(f => !f.IsHwcap).Select(f => f.Name).ToList();
        if (fields.Count > 0)
        {
            sb.Append("fields:   ").Append(string.Join(' ', fields)).Append('\n');
        }

        sb.Append($"features: {features.Count} ({arm.Knowable.Count} knowable from this format)\n");
        return sb.ToString();
    }

    public static JsonObject ToJson(HostCapability host)
    {
        var arm = host.Arm64!;
        var db = arm.Database;
        var json = new JsonObject
        {
            ["source"] = host.SourcePath,
            ["format"] = FormatName(host.Format),
            ["arch"] = "aarch64",
            ["vendor"] = host.Vendor == CpuVendor.Unknown ? null : host.Vendor.Keyword(),
        };
        if (arm.Midr is { } m)
        {
            json["implementer"] = db.ImplementerName(m.Implementer);
            json["part"] = db.PartName(m.Implementer, m.Part);
            json["midr"] = arm.RevisionKnown ? $"0x{m.Value:x8}" : null;
            json["part_number"] = $"0x{m.Part:x3}";
            json["libvirt_model"] = db.LibvirtModelName(m.Implementer, m.Part);
        }

        json["gic_version"] = arm.GicVersion;
        json["counter_hz"] = arm.CounterHz;

        json["features"] = new JsonArray(db.Expand(arm.Features).Select(f => (JsonNode)JsonValue.Create(f.Name)!).ToArray());
        json["levels"] = new JsonObject(arm.Levels.Present.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value))));
        return json;
    }

    private static string FormatName(InventoryFormat format) => format switch
    {
        InventoryFormat.Arm64ProcCpuinfo => "aarch64 /proc/cpuinfo",
        InventoryFormat.Arm64Registers => "aarch64 ID registers",
        InventoryFormat.Arm64Libvirt => "aarch64 libvirt capabilities",
        _ => format.ToString(),
    };
}
