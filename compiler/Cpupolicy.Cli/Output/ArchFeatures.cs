using System.Text.Json.Nodes;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Database.Arm64;
using Cpupolicy.Core.Ir;

namespace Cpupolicy.Cli.Output;

/// <summary>
/// Feature names and JSON for a set of either architecture: a <see cref="FeatureSet"/> of an aarch64 profile or host
/// indexes <see cref="Arm64Database"/>, not the x86 database, so reports that cover both say which one to read it in.
/// </summary>
public static class ArchFeatures
{
    /// <summary>The names: x86 names, or aarch64 hwcaps and <c>REG.FIELD</c> names.</summary>
    public static IEnumerable<string> Names(string arch, FeatureSet set) => arch == ProfileIr.Aarch64
        ? Arm64Database.Default.Expand(set).Select(f => f.Name)
        : FeatureDatabase.Default.Expand(set).Select(f => f.Name);

    /// <summary>x86: <see cref="JsonShapes.Features"/>; aarch64: <see cref="Arm64"/> objects.</summary>
    public static JsonArray Json(string arch, FeatureSet set) => arch == ProfileIr.Aarch64
        ? new JsonArray([.. Arm64Database.Default.Expand(set).Select(f => (JsonNode)Arm64(f))])
        : JsonShapes.Features(FeatureDatabase.Default, set);

    /// <summary><c>{"name","hwcap","register","field","level","level_name"}</c>: where the feature is, as a field level.</summary>
    public static JsonObject Arm64(Arm64Feature f) => new()
    {
        ["name"] = f.Name,
        ["hwcap"] = f.IsHwcap,
        ["register"] = f.Primary.Field.Register,
        ["field"] = f.Primary.Field.Name,
        ["level"] = f.Primary.Level,
        ["level_name"] = f.Primary.Field.LevelName(f.Primary.Level),
    };
}
