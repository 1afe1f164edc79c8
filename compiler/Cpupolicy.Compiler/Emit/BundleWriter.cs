using System.Text.Json;
using System.Text.Json.Nodes;
using Cpupolicy.Core.Database;
using Cpupolicy.Compiler.Lowering;

namespace Cpupolicy.Compiler.Emit;

/// <summary>
/// <c>bundle.json</c>: the compiled policy the hooks read at VM boot: every profile's features and artifacts, the VM
/// rules in order, the default profile and the hook settings. Sorted and stable, so it diffs cleanly in git.
/// </summary>
public static class BundleWriter
{
    public const string Format = "cpupolicy-bundle";
    public const int Version = 1;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static JsonObject ToJson(CompilationResult result, string policyPath, HookSettings settings)
    {
        var lowered = result.Lowered ?? throw new InvalidOperationException("a bundle needs a compiled policy");
        var db = FeatureDatabase.Default;
        var profiles = new JsonArray();
        foreach (var emitted in result.Profiles)
        {
            profiles.Add((JsonNode)new JsonObject
            {
                ["name"] = emitted.Profile.Name,
                ["vendor"] = emitted.Profile.Vendor == CpuVendor.Unknown ? null : emitted.Profile.Vendor.Keyword(),
                ["hosts"] = new JsonArray(emitted.Profile.Hosts.Select(h => (JsonNode)JsonValue.Create(h)!).ToArray()),
                ["features"] = new JsonArray(db.Expand(emitted.Profile.Features).Select(f => (JsonNode)JsonValue.Create(f.Name)!).ToArray()),
                ["artifacts"] = Artifacts(emitted),
            });
        }

        return new JsonObject
        {
            ["format"] = Format,
            ["version"] = Version,
            ["policy"] = policyPath.Replace('\\', '/'),
            ["settings"] = new JsonObject { ["mode"] = settings.Mode, ["on_error"] = settings.OnError },
            ["profiles"] = profiles,
            ["vms"] = VmRules(lowered),
            ["default"] = lowered.Default?.ProfileName,
        };
    }

    /// <summary><c>{"backend": "artifact text", ...}</c> of one profile (shared with <c>compile --json</c>).</summary>
    public static JsonObject Artifacts(EmittedProfile emitted)
    {
        var artifacts = new JsonObject();
        foreach (var artifact in emitted.Artifacts)
        {
            artifacts[artifact.Backend] = artifact.Text;
        }

        return artifacts;
    }

    /// <summary><c>[{"glob", "profile"}, ...]</c> in rule order (shared with <c>compile --json</c>).</summary>
    public static JsonArray VmRules(LoweredPolicy? lowered) =>
        new((lowered?.VmRules ?? []).Select(r => (JsonNode)new JsonObject { ["glob"] = r.Glob, ["profile"] = r.ProfileName }).ToArray());

    public static string ToText(JsonObject bundle) => bundle.ToJsonString(Indented) + "\n";
}
