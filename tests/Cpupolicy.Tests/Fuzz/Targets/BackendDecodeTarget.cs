using Cpupolicy.Compiler.Backends;
using Cpupolicy.Core.Backends;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Ir;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Tests.Fuzz.Harness;

namespace Cpupolicy.Tests.Fuzz.Targets;

/// <summary>
/// One backend's decoder (the artifact → feature set direction that <c>migrate</c> and the equivalence proof use) under
/// one option set, on hand-written and mangled artifacts. Generated inputs are artifacts emitted for FsCheck profiles,
/// and the generator checks the round-trip law on them before handing the artifact over.
/// </summary>
public sealed class BackendDecodeTarget(string name, string backend, TargetOptions options, IReadOnlyList<string> tokens, string? seedSuffix) : FuzzTarget
{
    private const string Source = "fuzz-artifact";

    private readonly IBackend decoder = BackendRegistry.Default.Get(backend);

    public override string Name => name;

    public override string Component => $"compiler/Cpupolicy.Core/Backends: {decoder.GetType().Name}.Decode ({Describe(options)})";

    public override string Property =>
        "only CP05xx DiagnosticException naming the artifact; decode(emit(p)) == p within Controllable, for FsCheck profiles and for p = what the input decodes to";

    public override IReadOnlyList<string> Tokens => [.. tokens, .. FuzzTokens.Features.Take(60), .. FuzzTokens.Models.Take(20)];

    public override bool HasGenerator => true;

    public override IEnumerable<string> ExternalSeeds(FuzzPaths paths)
    {
        var cases = paths.Repo("tests", "cases");
        return seedSuffix is null || !Directory.Exists(cases)
            ? []
            : Directory.EnumerateFiles(cases, "*" + seedSuffix, SearchOption.AllDirectories).Order(StringComparer.Ordinal);
    }

    public override byte[]? Generate(int seed)
    {
        var profile = PolicyGen.Sample(ProfileGen.Profile, seed, size: 40);
        string artifact;
        try
        {
            artifact = decoder.Emit(profile, options);
        }
        catch (DiagnosticException e) when (e.Diagnostic.Code.StartsWith("CP05", StringComparison.Ordinal))
        {
            // A backend's documented refusal of a profile it cannot express (kubevirt CP0510, nova CP0552): no seed.
            return null;
        }

        CheckLaw(profile, artifact, "generated profile");
        return Bytes(artifact);
    }

    public override string Execute(byte[] input)
    {
        FeatureSet decoded;
        try
        {
            decoded = decoder.Decode(Text(input), options, Source);
        }
        catch (DiagnosticException e)
        {
            // CP05xx: artifacts; CP10xx: aarch64 artifacts (a SYSREG property the release lacks, CP1012).
            if (!e.Diagnostic.Code.StartsWith("CP05", StringComparison.Ordinal) && !e.Diagnostic.Code.StartsWith("CP10", StringComparison.Ordinal))
            {
                throw Violation($"the decoder reported {e.Diagnostic.Code}, not a CP05xx or CP10xx artifact diagnostic: {e.Diagnostic}");
            }

            Outcome.RequireNamesFile(e.Diagnostic, Source);
            return Outcome.Of(e.Diagnostic);
        }

        // Whatever the input decodes to, made a valid profile, must survive emit then decode.
        var profile = new ProfileIr { Name = "decoded", Features = FeatureDatabase.Default.DropUnsatisfied(decoded) };
        string emitted;
        try
        {
            emitted = decoder.Emit(profile, options);
        }
        catch (DiagnosticException e)
        {
            return "decoded, not emittable:" + e.Diagnostic.Code;
        }

        CheckLaw(profile, emitted, "profile decoded from the input");
        return $"ok:{Math.Min(decoded.Count / 16, 20)}";
    }

    internal static string Names(FeatureSet set) => string.Join(", ", FeatureDatabase.Default.Expand(set).Select(f => f.Name));

    private void CheckLaw(ProfileIr profile, string artifact, string what)
    {
        var controllable = decoder.Controllable(profile, options);
        var decoded = decoder.Decode(artifact, options, "emitted");
        var expected = profile.Features & controllable;
        var actual = decoded & controllable;
        if (!expected.Equals(actual))
        {
            throw Violation(
                $"{backend} ({Describe(options)}): decode(emit(p)) != p within Controllable for the {what}: lost [{Names(expected - actual)}], " +
                $"gained [{Names(actual - expected)}]\nprofile: vendor {profile.Vendor}, [{Names(profile.Features)}]\n--- artifact ---\n{artifact}");
        }
    }

    private static string Describe(TargetOptions options) =>
        options.Values.Count == 0 ? "default options" : string.Join(" ", options.Values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}={v.Value}"));
}
