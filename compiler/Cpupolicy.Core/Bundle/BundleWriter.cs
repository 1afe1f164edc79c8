using System.Text.Json;
using System.Text.Json.Nodes;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Database.Arm64;
using Cpupolicy.Core.Ir;

namespace Cpupolicy.Core.Bundle;

/// <summary>
/// Builds <c>bundle.json</c> (<see cref="BundleDocument"/>): every profile's features and artifacts, each target's
/// resolved options, the VM rules in order, the default profile and the hook settings. Sorted and stable, so it diffs
/// cleanly in git.
/// </summary>
public static class BundleWriter
{
    public const string Format = BundleDocument.FormatName;
    public const int Version = BundleDocument.CurrentVersion;

    /// <param name="targets">each compiled target's options with the backend's defaults filled in.</param>
    public static BundleDocument Create(
        string policyPath,
        HookSettings settings,
        IReadOnlyList<TargetOptions> targets,
        IReadOnlyList<EmittedProfile> profiles,
        IReadOnlyList<BundleVmRule> vms,
        string? defaultProfile)
    {
        var db = FeatureDatabase.Default;
        return new BundleDocument(
            Format,
            Version,
            policyPath.Replace('\\', '/'),
            new BundleSettings(settings.Mode, settings.OnError),
            Targets(targets),
            profiles.Select(emitted => new BundleProfile(
                emitted.Profile.Name,
                emitted.Profile.Vendor == CpuVendor.Unknown ? null : emitted.Profile.Vendor.Keyword(),
                emitted.Profile.Hosts,
                emitted.Profile.IsArm64
                    ? Arm64Database.Default.Expand(emitted.Profile.Features).Select(f => f.Name).ToList()
                    : db.Expand(emitted.Profile.Features).Select(f => f.Name).ToList(),
                ArtifactMap(emitted))).ToList(),
            vms,
            defaultProfile);
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
    public static JsonArray VmRules(IReadOnlyList<BundleVmRule> vms) =>
        new(vms.Select(r => (JsonNode)new JsonObject { ["glob"] = r.Glob, ["profile"] = r.Profile }).ToArray());

    public static string ToText(BundleDocument bundle) =>
        JsonSerializer.Serialize(bundle, BundleJsonContext.Default.BundleDocument) + "\n";

    private static Dictionary<string, string> ArtifactMap(EmittedProfile emitted)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var artifact in emitted.Artifacts)
        {
            map[artifact.Backend] = artifact.Text;
        }

        return map;
    }

    private static Dictionary<string, IReadOnlyDictionary<string, string>> Targets(IReadOnlyList<TargetOptions> targets)
    {
        var map = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var target in targets.OrderBy(t => t.Backend, StringComparer.Ordinal))
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var key in target.Values.Keys.Order(StringComparer.Ordinal))
            {
                values[key] = target.Values[key];
            }

            map[target.Backend] = values;
        }

        return map;
    }
}
