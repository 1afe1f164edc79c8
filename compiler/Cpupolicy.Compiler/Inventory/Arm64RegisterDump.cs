using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cpupolicy.Core.Database.Arm64;

namespace Cpupolicy.Compiler.Inventory;

/// <summary>
/// Writes the aarch64 ID-register dump that <see cref="Arm64RegisterReader"/> reads:
/// <c>{"arch": "aarch64", "registers": {"NAME": "0x%016x", ...}, "features": [...]}</c>, registers sorted by name,
/// features (informational) in database order. The probe's <c>--json</c> output extends this object, so it is an
/// inventory file too.
/// </summary>
public static class Arm64RegisterDump
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static JsonObject ToJson(IReadOnlyDictionary<string, ulong> registers, Arm64Database db)
    {
        var regs = new JsonObject();
        foreach (var (name, value) in registers.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            regs[name] = Hex(value);
        }

        var features = Arm64Levels.FromRegisters(registers, db).Features;
        return new JsonObject
        {
            ["arch"] = Arm64Host.Arch,
            ["registers"] = regs,
            ["features"] = new JsonArray([.. db.Expand(features).Select(f => (JsonNode)JsonValue.Create(f.Name))]),
        };
    }

    public static string ToText(IReadOnlyDictionary<string, ulong> registers, Arm64Database db) =>
        ToJson(registers, db).ToJsonString(Indented) + "\n";

    /// <summary>A register value as the dump writes it: <c>0x</c> and 16 lowercase hex digits.</summary>
    public static string Hex(ulong value) => "0x" + value.ToString("x16", CultureInfo.InvariantCulture);
}
