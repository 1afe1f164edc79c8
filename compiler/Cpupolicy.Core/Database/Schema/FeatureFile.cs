using System.Text.Json.Serialization;

namespace Cpupolicy.Core.Database.Schema;

// The on-disk shape of Data/features.json. Written only by cpupolicy-gen, read by FeatureDatabase.
// Field names are snake_case; lists are sorted so that regeneration gives byte-identical files.

public sealed record FeatureFile(
    [property: JsonPropertyName("comment")] string Comment,
    [property: JsonPropertyName("sources")] SortedDictionary<string, string> Sources,
    [property: JsonPropertyName("features")] List<FeatureRecord> Features);

public sealed record FeatureRecord
{
    [JsonPropertyName("name")] public required string Name { get; init; }

    /// <summary>CPUID leaf; null for MSR features.</summary>
    [JsonPropertyName("leaf")] public uint? Leaf { get; init; }

    /// <summary>CPUID subleaf, null for leaves without subleaves.</summary>
    [JsonPropertyName("subleaf")] public uint? Subleaf { get; init; }

    /// <summary>"eax" | "ebx" | "ecx" | "edx"; null for MSR features.</summary>
    [JsonPropertyName("register")] public string? Register { get; init; }

    /// <summary>MSR index for MSR features.</summary>
    [JsonPropertyName("msr")] public uint? Msr { get; init; }

    [JsonPropertyName("bit")] public int Bit { get; init; }

    [JsonPropertyName("names")] public required NamesRecord Names { get; init; }

    /// <summary>Other accepted input spellings (sorted, without the names above).</summary>
    [JsonPropertyName("aliases")] public List<string> Aliases { get; init; } = [];

    /// <summary>"intel", "amd", "hygon", "zhaoxin"; empty = any vendor.</summary>
    [JsonPropertyName("vendors")] public List<string> Vendors { get; init; } = [];

    [JsonPropertyName("xen")] public XenRecord? Xen { get; init; }

    [JsonPropertyName("migratable")] public bool Migratable { get; init; } = true;

    /// <summary>Direct prerequisites, canonical names, sorted.</summary>
    [JsonPropertyName("requires")] public List<string> Requires { get; init; } = [];

    [JsonPropertyName("description")] public string? Description { get; init; }
}

public sealed record NamesRecord
{
    [JsonPropertyName("qemu")] public string? Qemu { get; init; }

    [JsonPropertyName("libvirt")] public string? Libvirt { get; init; }

    [JsonPropertyName("linux")] public string? Linux { get; init; }

    /// <summary>Xen release ("4.17.7") to the libxl key that release accepts for the feature bit.</summary>
    [JsonPropertyName("xen")] public SortedDictionary<string, string> Xen { get; init; } = new(StringComparer.Ordinal);
}

public sealed record XenRecord
{
    [JsonPropertyName("word")] public int Word { get; init; }

    [JsonPropertyName("bit")] public int Bit { get; init; }

    /// <summary>Xen release to attribute letters ("A", "!A|", "" for known-but-never-offered).</summary>
    [JsonPropertyName("attrs")] public SortedDictionary<string, string> Attributes { get; init; } = new(StringComparer.Ordinal);
}
