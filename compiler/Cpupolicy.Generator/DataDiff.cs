using System.Text.Json.Nodes;

namespace Cpupolicy.Generator;

/// <summary>
/// What --check reports: which records of a data file a regeneration would add, remove or change, keyed by feature
/// name or by model catalog/name, so a reviewer sees "feature avx2 changed" rather than a byte offset.
/// </summary>
public static class DataDiff
{
    public static IReadOnlyList<string> Describe(string fileName, string? current, string regenerated)
    {
        if (current is null)
        {
            return [$"{fileName}: missing"];
        }

        JsonObject? old;
        try
        {
            old = JsonNode.Parse(current) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            old = null;
        }

        var fresh = JsonNode.Parse(regenerated)!.AsObject();
        if (old is null)
        {
            return [$"{fileName}: not valid JSON"];
        }

        var result = new List<string>();
        foreach (var header in new[] { "comment", "sources" })
        {
            if (!JsonNode.DeepEquals(old[header], fresh[header]))
            {
                result.Add($"{fileName}: {header} changed");
            }
        }

        var arrayName = fresh.ContainsKey("features") ? "features" : "models";
        var before = Records(old[arrayName] as JsonArray);
        var after = Records(fresh[arrayName] as JsonArray);
        foreach (var key in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            var what = (before.TryGetValue(key, out var b), after.TryGetValue(key, out var a)) switch
            {
                (false, _) => "added",
                (_, false) => "removed",
                _ => JsonNode.DeepEquals(b, a) ? null : "changed",
            };
            if (what is not null)
            {
                result.Add($"{fileName}: {key} {what}");
            }
        }

        if (result.Count == 0)
        {
            result.Add($"{fileName}: same records, different bytes (order or formatting)");
        }

        return result;
    }

    private static Dictionary<string, JsonNode> Records(JsonArray? array)
    {
        var result = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var r in array ?? [])
        {
            if (r is not JsonObject o)
            {
                continue;
            }

            var key = o.ContainsKey("source")
                ? $"model {(string?)o["source"]}-{(string?)o["release"]}/{(string?)o["name"]}"
                : $"feature {(string?)o["name"]}";
            result[key] = o;
        }

        return result;
    }
}
