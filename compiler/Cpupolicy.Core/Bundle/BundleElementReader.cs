using System.Text.Json;

namespace Cpupolicy.Core.Bundle;

/// <summary>
/// Builds a <see cref="BundleDocument"/> from a parsed bundle.json, with exactly the rules of
/// <see cref="BundleJsonContext"/>'s deserializer: snake_case keys in any order, unknown keys skipped (repeated or not), a
/// repeated known key or map key refused, every constructor parameter required (a nullable one may be <c>null</c>), no <c>null</c> where the record
/// says non-nullable, whole 32-bit integers only.
/// <para>
/// Why not the generated deserializer: the hook reads the bundle at every VM start, and building System.Text.Json's
/// type metadata (converters, attribute reflection for polymorphism) was a third of a NativeAOT hook's CPU time
/// (bench/RESULTS.md, "native"), more than parsing and judging together. The writer keeps the generated context, the
/// contract's one definition; <c>BundleElementReaderTests</c> checks this reader against the generated deserializer on
/// generated and mutated bundles (both refuse, or both give the same document).
/// </para>
/// </summary>
public static class BundleElementReader
{
    /// <summary>The document, or a <see cref="JsonException"/> whose <see cref="JsonException.Path"/> names the value at fault.</summary>
    public static BundleDocument Read(JsonElement root)
    {
        var o = new ObjectReader(root, "$");
        var document = new BundleDocument(
            o.String("format"),
            o.Int32("version"),
            o.String("policy"),
            Settings(o.Element("settings"), "$.settings"),
            o.Map("targets", StringMap)!,
            o.List("profiles", Profile)!,
            o.List("vms", VmRule)!,
            o.NullableString("default"));
        return document;
    }

    private static BundleSettings Settings(JsonElement element, string at)
    {
        var o = new ObjectReader(element, at);
        var settings = new BundleSettings(o.NullableString("mode"), o.NullableString("on_error"));
        return settings;
    }

    private static BundleProfile? Profile(JsonElement element, string at)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            return null; // a null element of a list: the deserializer allows it, BundleReader refuses it with its own message
        }

        var o = new ObjectReader(element, at);
        var profile = new BundleProfile(
            o.String("name"),
            o.NullableString("vendor"),
            o.List("hosts", ElementString)!,
            o.List("features", ElementString)!,
            o.Map("artifacts", ElementString)!);
        return profile;
    }

    private static BundleVmRule? VmRule(JsonElement element, string at)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var o = new ObjectReader(element, at);
        var rule = new BundleVmRule(o.String("glob"), o.String("profile"));
        return rule;
    }

    private static IReadOnlyDictionary<string, string>? StringMap(JsonElement element, string at)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return ObjectReader.MapOf(element, at, ElementString)!;
    }

    /// <summary>A string element of a list or map: <c>null</c> passes (as in the deserializer), BundleReader refuses it.</summary>
    private static string? ElementString(JsonElement element, string at) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Null => null,
        _ => throw WrongType(at),
    };

    private static JsonException WrongType(string at) => new($"The JSON value at {at} could not be converted.", at, null, null);

    /// <summary>One JSON object's properties by name (unknown ones are skipped, as the deserializer does).</summary>
    private readonly struct ObjectReader
    {
        private readonly Dictionary<string, JsonElement> properties = new(StringComparer.Ordinal);
        private readonly HashSet<string> repeated = new(StringComparer.Ordinal);
        private readonly string at;

        public ObjectReader(JsonElement element, string at)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw WrongType(at);
            }

            this.at = at;
            foreach (var property in element.EnumerateObject())
            {
                if (!properties.TryAdd(property.Name, property.Value))
                {
                    repeated.Add(property.Name);
                }
            }
        }

        /// <summary>
        /// A property the record has. Repeating it is refused (AllowDuplicateProperties = false); a repeated key the
        /// record does not have is skipped with the rest of the unknown keys, as the deserializer does.
        /// </summary>
        public JsonElement Element(string name)
        {
            if (repeated.Contains(name))
            {
                throw new JsonException($"Duplicate property '{name}' at {at}.", $"{at}.{name}", null, null);
            }

            return properties.TryGetValue(name, out var value) ? value : throw new JsonException($"Missing required property '{name}' at {at}.", at, null, null);
        }

        public string String(string name) =>
            NullableString(name) ?? throw WrongType($"{at}.{name}");

        public string? NullableString(string name)
        {
            var value = Element(name);
            return value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Null => null,
                _ => throw WrongType($"{at}.{name}"),
            };
        }

        public int Int32(string name)
        {
            var value = Element(name);
            return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : throw WrongType($"{at}.{name}");
        }

        public IReadOnlyList<T?> List<T>(string name, Func<JsonElement, string, T?> item)
        {
            var value = Element(name);
            var path = $"{at}.{name}";
            if (value.ValueKind != JsonValueKind.Array)
            {
                throw WrongType(path);
            }

            var list = new List<T?>(value.GetArrayLength());
            var index = 0;
            foreach (var element in value.EnumerateArray())
            {
                list.Add(item(element, $"{path}[{index++}]"));
            }

            return list;
        }

        public IReadOnlyDictionary<string, T?> Map<T>(string name, Func<JsonElement, string, T?> item) =>
            MapOf(Element(name), $"{at}.{name}", item);

        public static IReadOnlyDictionary<string, T?> MapOf<T>(JsonElement value, string path, Func<JsonElement, string, T?> item)
        {
            if (value.ValueKind != JsonValueKind.Object)
            {
                throw WrongType(path);
            }

            var map = new Dictionary<string, T?>(StringComparer.Ordinal);
            foreach (var property in value.EnumerateObject())
            {
                var key = $"{path}.{property.Name}";
                if (!map.TryAdd(property.Name, item(property.Value, key)))
                {
                    throw new JsonException($"Duplicate property '{property.Name}' at {path}.", key, null, null);
                }
            }

            return map;
        }
    }
}
