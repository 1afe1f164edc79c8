using Cpupolicy.Core.Bundle;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Database.Arm64;
using Cpupolicy.Core.Ir;
using Cpupolicy.Compiler.Emit;
using Cpupolicy.Compiler.Output;
using Cpupolicy.Core.IO;
using Cpupolicy.Compiler.Semantics.Binding;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// What <c>diff</c> compares: the profiles (features and artifacts) and VM rules of a compiled policy, taken either
/// from a policy compiled now or from a <c>compile</c> output directory's <c>bundle.json</c> (what is deployed).
/// </summary>
public sealed record PolicySnapshot
{
    public required string Source { get; init; }

    public required IReadOnlyList<SnapshotProfile> Profiles { get; init; }

    /// <summary>The <c>vm</c> rules in order; <see cref="Default"/> is the profile of <c>default uses</c>, or null.</summary>
    public required IReadOnlyList<VmRule> VmRules { get; init; }

    public string? Default { get; init; }

    public SnapshotProfile? Find(string name) => Profiles.FirstOrDefault(p => p.Name == name);

    /// <summary>Whether <paramref name="path"/> is compiled output: a directory with bundle.json, or a bundle file itself.</summary>
    public static bool IsCompiledOutput(string path) =>
        Directory.Exists(path) || (File.Exists(path) && path.EndsWith(".json", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// One side of <c>diff</c>: a compiled output (<see cref="IsCompiledOutput"/>), or a policy (<c>-</c>: stdin) read
    /// and checked, its diagnostics given to <paramref name="report"/>; null when the policy has errors.
    /// </summary>
    public static PolicySnapshot? Load(string path, TextReader? stdin, FeatureDatabase db, Action<Diagnostic> report)
    {
        if (path != "-" && IsCompiledOutput(path))
        {
            return FromCompiledOutput(path, db);
        }

        var policy = FleetPolicy.Load(path, stdin);
        foreach (var diagnostic in policy.Diagnostics)
        {
            report(diagnostic);
        }

        return policy.HasErrors ? null : FromPolicy(policy);
    }

    public static PolicySnapshot FromPolicy(FleetPolicy policy) => new()
    {
        Source = policy.Path,
        Profiles = policy.Profiles
            .Select(p => new SnapshotProfile(
                p.Profile.Name,
                p.Profile.Vendor,
                p.Profile.Hosts,
                p.Profile.Features,
                p.Artifacts.ToDictionary(a => a.Backend, a => a.Text, StringComparer.Ordinal)) { Arch = p.Profile.Arch })
            .ToList(),
        VmRules = policy.VmRules,
        Default = policy.Default?.ProfileName,
    };

    /// <summary>Reads a compile output directory (or its bundle.json); malformed bundles are CP0807.</summary>
    public static PolicySnapshot FromCompiledOutput(string path, FeatureDatabase db)
    {
        var file = Directory.Exists(path) ? Path.Combine(path, OutputWriter.BundleFileName) : path;
        if (!File.Exists(file))
        {
            throw Error(path, $"`{path}` has no {OutputWriter.BundleFileName}", "give a policy file or a directory written by `cpupolicy compile`");
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(InputFile.ReadText(file));
        }
        catch (JsonException e)
        {
            throw Error(file, $"`{file}` is not valid JSON: {e.Message}", "recompile with `cpupolicy compile`");
        }

        if (root is not JsonObject bundle || (string?)bundle["format"] != BundleWriter.Format)
        {
            throw Error(file, $"`{file}` is not a cpupolicy bundle (no \"format\": \"{BundleWriter.Format}\")", "give a directory written by `cpupolicy compile`");
        }

        var profiles = new List<SnapshotProfile>();
        foreach (var node in bundle["profiles"] as JsonArray ?? [])
        {
            var name = (string?)node?["name"] ?? throw Error(file, "a profile of the bundle has no name", "recompile with `cpupolicy compile`");
            var spellings = (node!["features"] as JsonArray ?? []).Select(f => (string?)f ?? string.Empty).ToList();
            var (arch, features) = ReadFeatures(spellings, db, file, name);

            var artifacts = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var (backend, text) in node["artifacts"] as JsonObject ?? [])
            {
                artifacts[backend] = (string?)text ?? string.Empty;
            }

            profiles.Add(new SnapshotProfile(
                name,
                CpuVendors.Parse((string?)node["vendor"]),
                (node["hosts"] as JsonArray ?? []).Select(h => (string?)h ?? string.Empty).ToList(),
                features,
                artifacts) { Arch = arch });
        }

        var span = SourceSpan.WholeFile(file);
        var rules = (bundle["vms"] as JsonArray ?? [])
            .Select(r => new VmRule((string?)r?["glob"], (string?)r?["profile"] ?? string.Empty, span))
            .ToList();
        return new PolicySnapshot { Source = path, Profiles = profiles, VmRules = rules, Default = (string?)bundle["default"] };
    }

    /// <summary>
    /// A bundle profile's feature names in the database they belong to. The bundle does not state the architecture:
    /// names all of the x86 database are x86 (some, like <c>aes</c>, are in both), else all of the aarch64 one.
    /// </summary>
    private static (string Arch, FeatureSet Features) ReadFeatures(IReadOnlyList<string> spellings, FeatureDatabase db, string file, string profile)
    {
        if (spellings.All(s => db.Find(s) is not null))
        {
            return (ProfileIr.X86, FeatureSet.Of(spellings.Select(s => db.Find(s)!.Index)));
        }

        var arm = Arm64Database.Default;
        if (spellings.All(s => arm.Find(s) is not null))
        {
            return (ProfileIr.Aarch64, FeatureSet.Of(spellings.Select(s => arm.Find(s)!.Index)));
        }

        var unknown = spellings.FirstOrDefault(s => db.Find(s) is null && arm.Find(s) is null);
        throw unknown is not null
            ? Error(file, $"profile `{profile}` has feature `{unknown}`, which this cpupolicy does not know", "compare outputs of the same cpupolicy release")
            : Error(file, $"profile `{profile}` mixes x86 feature names (`{spellings.First(s => arm.Find(s) is null)}`) and aarch64 ones (`{spellings.First(s => db.Find(s) is null)}`)", "recompile with `cpupolicy compile`");
    }

    private static DiagnosticException Error(string file, string message, string hint) =>
        new(DiagnosticCatalog.CompiledOutputUnreadable.Create(SourceSpan.WholeFile(file), message, hint));
}
