using System.Text.Json.Serialization;

namespace Cpupolicy.Core.Database.Schema;

// The on-disk shape of Data/aarch64.json. Written only by cpupolicy-gen (from data/linux-6.x), read by Arm64Database.
// Lists are in source order (registers by encoding, fields from the top bit down, features by register and field).

public sealed record Arm64File(
    [property: JsonPropertyName("comment")] string Comment,
    [property: JsonPropertyName("sources")] SortedDictionary<string, string> Sources,
    [property: JsonPropertyName("registers")] List<Arm64RegisterRecord> Registers,
    [property: JsonPropertyName("features")] List<Arm64FeatureRecord> Features,
    [property: JsonPropertyName("implementers")] List<Arm64ImplementerRecord> Implementers);

public sealed record Arm64RegisterRecord(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("encoding")] string Encoding,
    [property: JsonPropertyName("fields")] List<Arm64FieldRecord> Fields);

public sealed record Arm64FieldRecord(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("msb")] int Msb,
    [property: JsonPropertyName("lsb")] int Lsb,
    [property: JsonPropertyName("signed")] bool Signed,
    [property: JsonPropertyName("levels")] List<Arm64LevelRecord> Levels);

public sealed record Arm64LevelRecord(
    [property: JsonPropertyName("value")] int Value,
    [property: JsonPropertyName("name")] string Name);

public sealed record Arm64FeatureRecord
{
    [JsonPropertyName("name")] public required string Name { get; init; }

    /// <summary>True when <see cref="Name"/> is the Linux hwcap name (what /proc/cpuinfo prints).</summary>
    [JsonPropertyName("hwcap")] public bool Hwcap { get; init; }

    /// <summary>The field conditions, any one of which gives the feature (one for all but paca/pacg).</summary>
    [JsonPropertyName("when")] public required List<Arm64ConditionRecord> When { get; init; }

    [JsonPropertyName("requires")] public List<string> Requires { get; init; } = [];
}

public sealed record Arm64ConditionRecord(
    [property: JsonPropertyName("register")] string Register,
    [property: JsonPropertyName("field")] string Field,
    [property: JsonPropertyName("level")] int Level,
    [property: JsonPropertyName("level_name")] string LevelName);

public sealed record Arm64ImplementerRecord(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("vendor")] string? Vendor,
    [property: JsonPropertyName("parts")] List<Arm64PartRecord> Parts,
    [property: JsonPropertyName("libvirt")] string? Libvirt = null);

/// <summary>A MIDR part; <c>libvirt</c> is the name of libvirt's aarch64 model with this part number (<c>pvr</c>), if any.</summary>
public sealed record Arm64PartRecord(
    [property: JsonPropertyName("part")] int Part,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("libvirt")] string? Libvirt = null);
