using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cpupolicy.Generator;

/// <summary>
/// Serialises the data files deterministically: 2-space indentation, LF line ends, a trailing newline, nulls
/// omitted, and no needless \u escapes (descriptions contain quotes, &lt; and &amp;).
/// </summary>
public static class DataFileWriter
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options) + "\n";
}
