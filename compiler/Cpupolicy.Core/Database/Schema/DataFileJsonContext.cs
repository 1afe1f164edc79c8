using System.Text.Json.Serialization;

namespace Cpupolicy.Core.Database.Schema;

/// <summary>
/// Source-generated readers for the data files. The hook loads features.json and models.json whenever it has to
/// decode a domain's CPU, so their reading is on the VM-start path: generated code starts faster than reflection
/// and keeps working when the hook is published trimmed (reflection-based deserialization is not trim-safe).
/// </summary>
[JsonSerializable(typeof(FeatureFile))]
[JsonSerializable(typeof(ModelFile))]
[JsonSerializable(typeof(Arm64File))]
internal sealed partial class DataFileJsonContext : JsonSerializerContext;
