using System.Text.Json.Serialization;

namespace Cpupolicy.Core.Database.Schema;

// The on-disk shape of Data/features.json. Written only by cpupolicy-gen, read by FeatureDatabase.
// Field names are snake_case; lists are sorted so that regeneration gives byte-identical files.

public sealed record FeatureFile(
    [property: JsonPropertyName("comment")] string Comment,
    [property: JsonPropertyName("sources")] SortedDictionary<string, string> Sources,
    [property: JsonPropertyName("features")] List<FeatureRecord> Features,
    [property: JsonPropertyName("xen_tables")] XenTablesRecord XenTables,
    [property: JsonPropertyName("libvirt_releases")] SortedDictionary<string, List<string>> LibvirtReleases);

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

/// <summary>Xen's featureset layout and libxl's hand-written key table (what the Xen backends read besides the features).</summary>
public sealed record XenTablesRecord
{
    /// <summary>The featureset words in index order: the CPUID leaf/subleaf/register or MSR half each mirrors.</summary>
    [JsonPropertyName("words")] public List<XenWordRecord> Words { get; init; } = [];

    /// <summary>Xen release to FEATURESET_NR_ENTRIES (the number of words; XAPI's featureset strings have exactly this many).</summary>
    [JsonPropertyName("word_counts")] public SortedDictionary<string, int> WordCounts { get; init; } = new(StringComparer.Ordinal);

    /// <summary>libxl's legacy keys in libxl's table order (the first key of a bit is the alias emitted for it).</summary>
    [JsonPropertyName("libxl_legacy_keys")] public List<LibxlKeyRecord> LibxlLegacyKeys { get; init; } = [];
}

public sealed record XenWordRecord
{
    [JsonPropertyName("index")] public int Index { get; init; }

    /// <summary>Xen's label of the word (<c>7b0</c>, <c>e1d</c>, <c>m10Al</c>: the rows of <c>xen-cpuid</c>).</summary>
    [JsonPropertyName("abbr")] public required string Abbr { get; init; }

    [JsonPropertyName("leaf")] public uint? Leaf { get; init; }

    [JsonPropertyName("subleaf")] public uint? Subleaf { get; init; }

    [JsonPropertyName("register")] public string? Register { get; init; }

    [JsonPropertyName("msr")] public uint? Msr { get; init; }

    /// <summary>"low" (bits 0..31) or "high" (32..63) for an MSR word.</summary>
    [JsonPropertyName("msr_half")] public string? MsrHalf { get; init; }
}

public sealed record LibxlKeyRecord
{
    [JsonPropertyName("key")] public required string Key { get; init; }

    /// <summary>The featureset word and bit the key sets; both null for a key that sets no featureset bit (a numeric field, or a bit outside the featureset).</summary>
    [JsonPropertyName("word")] public int? Word { get; init; }

    [JsonPropertyName("bit")] public int? Bit { get; init; }
}
