using System.Text.Json.Serialization;

namespace Cpupolicy.Core.Bundle;

/// <summary>
/// The bundle's one serializer, source-generated (no reflection: the trimmed hook reads it). Indented, snake_case
/// keys, nulls written, the default encoder: the same bytes the version-1 writer produced for the same content.
/// </summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    AllowDuplicateProperties = false,
    MaxDepth = 16)]
[JsonSerializable(typeof(BundleDocument))]
public sealed partial class BundleJsonContext : JsonSerializerContext;
