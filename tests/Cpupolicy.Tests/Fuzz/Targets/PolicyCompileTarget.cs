using Cpupolicy.Compiler.Output;
using Cpupolicy.Compiler;
using Cpupolicy.Core.Bundle;
using System.Text;
using Cpupolicy.Compiler.Backends;
using Cpupolicy.Core.Backends;
using Cpupolicy.Compiler.Emit;
using Cpupolicy.Hooks;
using Cpupolicy.Tests.Fuzz.Harness;

namespace Cpupolicy.Tests.Fuzz.Targets;

/// <summary>
/// The whole compiler (parse, bind, check, lower, emit) on one policy text. The policy "lives" in policy/examples/,
/// so <c>host ... from "hosts/..."</c> and <c>include</c> reach real files.
/// </summary>
public sealed class PolicyCompileTarget(FuzzPaths paths) : FuzzTarget
{
    private readonly string policyPath = paths.Repo("policy", "examples", "fuzz-input.cpupolicy");

    public override string Name => "policy-compile";

    public override string Component => "compiler/Cpupolicy.Compiler/Emit/Compilation.Compile";

    public override string Property =>
        "no exception, no CP0001; no artifact after an error; deterministic; every artifact decodes to its profile within Controllable; bundle.json reads back";

    public override string CorpusName => "policy-parse";

    public override IReadOnlyList<string> Tokens => [.. FuzzTokens.Policy, .. FuzzTokens.Features, .. FuzzTokens.Models];

    public override bool HasGenerator => true;

    public override IEnumerable<string> ExternalSeeds(FuzzPaths paths) => PolicySeeds.Files(paths);

    public override byte[]? Generate(int seed) => Bytes(PolicyGen.Sample(PolicyGen.Compilable, seed));

    public override string Execute(byte[] input)
    {
        var text = Text(input);
        var result = Compilation.Compile(text, policyPath);
        foreach (var d in result.Diagnostics)
        {
            Outcome.RequireNotInternal(d);
        }

        if (result.HasErrors)
        {
            if (result.Profiles.Count > 0)
            {
                throw Violation("artifacts were emitted for a policy with errors");
            }

            var first = result.Diagnostics.First(d => d.IsError);
            return Outcome.Of(first);
        }

        var again = Compilation.Compile(text, policyPath);
        var texts = Artifacts(result);
        if (!texts.SequenceEqual(Artifacts(again)))
        {
            throw Violation("compiling the same policy twice gave different artifacts");
        }

        CheckRoundTrip(result);
        CheckBundle(result);
        return $"ok:{result.Profiles.Count}:{string.Join(",", result.Lowered!.Targets.Select(t => t.Backend).Order(StringComparer.Ordinal))}";
    }

    private static List<string> Artifacts(Compilation result) =>
        result.Profiles.SelectMany(p => p.Artifacts.Select(a => $"{a.FileName}\n{a.Text}")).ToList();

    /// <summary>decode(emit(p)) == p within what the backend controls, for every profile and target of the policy.</summary>
    private static void CheckRoundTrip(Compilation result)
    {
        foreach (var emitted in result.Profiles)
        {
            foreach (var artifact in emitted.Artifacts)
            {
                var backend = BackendRegistry.Default.Get(artifact.Backend);
                var options = result.Lowered!.Targets.First(t => t.Backend == artifact.Backend);
                var controllable = backend.Controllable(emitted.Profile, options);
                var decoded = backend.Decode(artifact.Text, options, artifact.FileName);
                var expected = emitted.Profile.Features & controllable;
                var actual = decoded & controllable;
                if (!expected.Equals(actual))
                {
                    throw Violation(
                        $"{artifact.FileName}: decode(emit(p)) != p within Controllable: lost [{BackendDecodeTarget.Names(expected - actual)}], " +
                        $"gained [{BackendDecodeTarget.Names(actual - expected)}]\n{artifact.Text}");
                }
            }
        }
    }

    /// <summary>The hooks read back exactly what compile wrote.</summary>
    private void CheckBundle(Compilation result)
    {
        var text = BundleWriter.ToText(BundleBuilder.Create(result, policyPath, new HookSettings()));
        var bundle = BundleReader.Parse(Encoding.UTF8.GetBytes(text), "bundle.json");
        foreach (var emitted in result.Profiles)
        {
            if (!bundle.Profiles.TryGetValue(emitted.Profile.Name, out var read))
            {
                throw Violation($"bundle.json lost profile `{emitted.Profile.Name}`");
            }

            foreach (var artifact in emitted.Artifacts)
            {
                if (read.Artifact(artifact.Backend) != artifact.Text)
                {
                    throw Violation($"bundle.json changed the {artifact.Backend} artifact of `{emitted.Profile.Name}`");
                }
            }
        }

        var rules = result.Lowered!.VmRules.Select(r => (Glob: r.Glob ?? string.Empty, r.ProfileName)).ToList();
        if (!rules.SequenceEqual(bundle.VmRules.Select(r => (r.Glob, r.Profile))) || bundle.DefaultProfile != result.Lowered.Default?.ProfileName)
        {
            throw Violation("bundle.json's VM rules or default differ from the compiled policy's");
        }
    }
}
