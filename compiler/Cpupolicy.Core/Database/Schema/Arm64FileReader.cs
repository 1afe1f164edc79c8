using System.Text.Json;

namespace Cpupolicy.Core.Database.Schema;

/// <summary>
/// Reads Data/aarch64.json into an <see cref="Arm64File"/> by walking a <see cref="JsonDocument"/>, not through
/// <see cref="DataFileJsonContext"/>: the libvirt hook loads the aarch64 database at every start of a VM with an
/// aarch64 profile, and building System.Text.Json's metadata for seven record types was a third of that start
/// (perf of the native hook). The file is written by cpupolicy-gen only, so the reader is strict: a missing or
/// mistyped member throws. A test holds it equal to the generated deserializer on the shipped file.
/// </summary>
public static class Arm64FileReader
{
    public static Arm64File Read(Stream json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new Arm64File(
            root.GetProperty("comment").GetString()!,
            new SortedDictionary<string, string>(
                root.GetProperty("sources").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal),
                StringComparer.Ordinal),
            List(root, "registers", Register),
            List(root, "features", Feature),
            List(root, "implementers", Implementer));
    }

    private static Arm64RegisterRecord Register(JsonElement e) =>
        new(Text(e, "name"), Text(e, "encoding"), List(e, "fields", Field));

    private static Arm64FieldRecord Field(JsonElement e) =>
        new(Text(e, "name"), e.GetProperty("msb").GetInt32(), e.GetProperty("lsb").GetInt32(), e.GetProperty("signed").GetBoolean(),
            List(e, "levels", l => new Arm64LevelRecord(l.GetProperty("value").GetInt32(), Text(l, "name"))));

    private static Arm64FeatureRecord Feature(JsonElement e) => new()
    {
        Name = Text(e, "name"),
        Hwcap = e.TryGetProperty("hwcap", out var hwcap) && hwcap.GetBoolean(),
        When = List(e, "when", c => new Arm64ConditionRecord(Text(c, "register"), Text(c, "field"), c.GetProperty("level").GetInt32(), Text(c, "level_name"))),
        Requires = e.TryGetProperty("requires", out _) ? List(e, "requires", r => r.GetString()!) : [],
    };

    private static Arm64ImplementerRecord Implementer(JsonElement e) =>
        new(e.GetProperty("code").GetInt32(), Text(e, "name"), OptionalText(e, "vendor"),
            List(e, "parts", p => new Arm64PartRecord(p.GetProperty("part").GetInt32(), Text(p, "name"), OptionalText(p, "libvirt"))),
            OptionalText(e, "libvirt"));

    private static List<T> List<T>(JsonElement e, string name, Func<JsonElement, T> read) =>
        e.GetProperty(name).EnumerateArray().Select(read).ToList();

    private static string Text(JsonElement e, string name) => e.GetProperty(name).GetString()!;

    private static string? OptionalText(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.GetString() : null;
}
