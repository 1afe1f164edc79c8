using System.Text.Json.Serialization;

namespace Cpupolicy.Core.Database.Schema;

// The on-disk shape of Data/models.json. Written only by cpupolicy-gen, read by ModelDatabase.

public sealed record ModelFile(
    [property: JsonPropertyName("comment")] string Comment,
    [property: JsonPropertyName("sources")] SortedDictionary<string, string> Sources,
    [property: JsonPropertyName("models")] List<ModelRecord> Models);

public sealed record ModelRecord
{
    [JsonPropertyName("name")] public required string Name { get; init; }

    /// <summary>"qemu" | "libvirt" | "psabi".</summary>
    [JsonPropertyName("source")] public required string Source { get; init; }

    /// <summary>Release of the source: QEMU "7.2", libvirt "9.0.0" / "11.3.0", psABI "1.0".</summary>
    [JsonPropertyName("release")] public required string Release { get; init; }

    /// <summary>"intel", "amd", ... or null for vendor-neutral models.</summary>
    [JsonPropertyName("vendor")] public string? Vendor { get; init; }

    /// <summary>QEMU: the versioned model an alias or unversioned name resolves to; libvirt: the parent model a -vN file names.</summary>
    [JsonPropertyName("alias_of")] public string? AliasOf { get; init; }

    /// <summary>Canonical feature names, sorted.</summary>
    [JsonPropertyName("features")] public List<string> Features { get; init; } = [];

    /// <summary>libvirt only: model features marked removed='yes' (to be disabled explicitly).</summary>
    [JsonPropertyName("removed")] public List<string> Removed { get; init; } = [];

    /// <summary>libvirt only: 1-based position among the models of index.xml (decoding walks models newest = highest first).</summary>
    [JsonPropertyName("order")] public int? Order { get; init; }

    [JsonPropertyName("decode_host")] public bool? DecodeHost { get; init; }

    [JsonPropertyName("decode_guest")] public bool? DecodeGuest { get; init; }

    [JsonPropertyName("signatures")] public List<SignatureRecord> Signatures { get; init; } = [];

    /// <summary>QEMU only: from query-cpu-definitions.</summary>
    [JsonPropertyName("migration_safe")] public bool? MigrationSafe { get; init; }
}

public sealed record SignatureRecord(
    [property: JsonPropertyName("family")] int Family,
    [property: JsonPropertyName("model")] int Model,
    [property: JsonPropertyName("stepping")] List<int>? Stepping);
