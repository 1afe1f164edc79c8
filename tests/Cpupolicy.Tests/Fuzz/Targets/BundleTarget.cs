using Cpupolicy.Compiler.Output;
using Cpupolicy.Compiler;
using Cpupolicy.Core.Bundle;
using System.Text;
using Cpupolicy.Compiler.Emit;
using Cpupolicy.Hooks;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Tests.Fuzz.Harness;

namespace Cpupolicy.Tests.Fuzz.Targets;

/// <summary>
/// The bundle reader the hooks run at every VM start, then VM-to-profile resolution over what it read (hostile
/// globs included). Generated inputs are the bundles of FsCheck-generated policies that compile.
/// </summary>
public sealed class BundleTarget(HookBundleFixture fixture) : FuzzTarget
{
    private const string Source = "fuzz-bundle.json";

    private static readonly string[] VmNames = ["web-1", "db01", "x", "", new string('a', 200), "web-\u00e9\u4e3b", "a*b?c[d]"];

    public override string Name => "bundle";

    public override string Component => "compiler/Cpupolicy.Core/Bundle/BundleReader.Parse + ProfileResolver.Resolve";

    public override string Property =>
        "HookBundle or a CP06xx DiagnosticException naming the file; resolving any VM name gives a bundle profile or a CP06xx diagnostic";

    public override IReadOnlyList<string> Tokens => FuzzTokens.Json;

    public override bool HasGenerator => true;

    public override IEnumerable<string> ExternalSeeds(FuzzPaths paths) =>
        Directory.Exists(paths.Repo("tests", "cases")) ? Directory.EnumerateFiles(paths.Repo("tests", "cases"), "bundle.json", SearchOption.AllDirectories) : [];

    public override byte[]? Generate(int seed)
    {
        var result = Compilation.Compile(PolicyGen.Sample(PolicyGen.Compilable, seed), "generated.cpupolicy");
        return result.HasErrors
            ? Encoding.UTF8.GetBytes(fixture.Text)
            : Encoding.UTF8.GetBytes(BundleWriter.ToText(BundleBuilder.Create(result, "generated.cpupolicy", new HookSettings())));
    }

    public override string Execute(byte[] input)
    {
        HookBundle bundle;
        try
        {
            bundle = BundleReader.Parse(input, Source);
        }
        catch (DiagnosticException e)
        {
            Check(e.Diagnostic);
            return Outcome.Of(e.Diagnostic);
        }

        var outcomes = new List<string>();
        foreach (var vm in VmNames)
        {
            try
            {
                var match = ProfileResolver.Resolve(bundle, vm, null, "--profile");
                if (!bundle.Profiles.ContainsKey(match.Profile.Name))
                {
                    throw Violation($"VM `{vm}` resolved to `{match.Profile.Name}`, which is not in the bundle");
                }

                outcomes.Add("m");
            }
            catch (DiagnosticException e)
            {
                Check(e.Diagnostic);
                outcomes.Add(e.Diagnostic.Code);
            }
        }

        return "ok:" + string.Join(",", outcomes.Distinct());
    }

    private static void Check(Diagnostic diagnostic)
    {
        Outcome.RequireNotInternal(diagnostic);
        Outcome.RequireNamesFile(diagnostic, Source);
        if (!diagnostic.Code.StartsWith("CP06", StringComparison.Ordinal))
        {
            throw new FuzzPropertyException($"the bundle reader reported {diagnostic.Code}, not a CP06xx diagnostic: {diagnostic}");
        }
    }
}
