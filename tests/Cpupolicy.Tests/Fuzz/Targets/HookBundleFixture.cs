using Cpupolicy.Compiler.Output;
using Cpupolicy.Compiler;
using Cpupolicy.Core.Bundle;
using Cpupolicy.Compiler.Emit;
using Cpupolicy.Tests.Fuzz.Harness;

namespace Cpupolicy.Tests.Fuzz.Targets;

/// <summary>
/// A real bundle.json for the hook targets: the homelab golden case compiled once into a temp folder (profiles
/// `safe` and `hera-only`, VM globs `web-*` and `db01`, a default).
/// </summary>
public sealed class HookBundleFixture(FuzzPaths paths)
{
    private readonly Lazy<(string Path, string Text)> bundle = new(() => Build(paths));

    public string Path => bundle.Value.Path;

    public string Text => bundle.Value.Text;

    private static (string, string) Build(FuzzPaths paths)
    {
        var policy = paths.Repo("tests", "cases", "homelab-inline", "policy.cpupolicy");
        var result = Compilation.CompileFile(policy);
        if (result.HasErrors)
        {
            throw new InvalidOperationException($"the hook fixture policy does not compile: {string.Join("; ", result.Diagnostics)}");
        }

        var text = BundleWriter.ToText(BundleBuilder.Create(result, policy, new HookSettings()));
        var dir = Directory.CreateTempSubdirectory("cpupolicy-fuzz-bundle-").FullName;
        var path = System.IO.Path.Combine(dir, "bundle.json");
        File.WriteAllText(path, text);
        return (path, text);
    }
}
