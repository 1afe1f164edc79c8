using Cpupolicy.Compiler.Output;
using Cpupolicy.Compiler;
using Cpupolicy.Core.Bundle;
using Cpupolicy.Compiler.Emit;
using Cpupolicy.Tests.Fuzz.Harness;

namespace Cpupolicy.Tests.Fuzz.Targets;

/// <summary>
/// A real bundle.json for the hook targets, compiled once into a temp folder: by default the homelab golden case
/// (profiles `safe` and `hera-only`, VM globs `web-*` and `db01`, a default); <see cref="Arm64"/> the Kunpeng example
/// (aarch64 domain fragments with openEuler SYSREG arguments, `hpc-*` and a default).
/// </summary>
public sealed class HookBundleFixture(FuzzPaths paths, params string[] policy)
{
    private readonly Lazy<(string Path, string Text)> bundle = new(() => Build(paths, policy.Length > 0 ? policy : ["tests", "cases", "homelab-inline", "policy.cpupolicy"]));

    public static HookBundleFixture Arm64(FuzzPaths paths) => new(paths, "policy", "examples", "kunpeng-generations.cpupolicy");

    public string Path => bundle.Value.Path;

    public string Text => bundle.Value.Text;

    private static (string, string) Build(FuzzPaths paths, string[] relative)
    {
        var policy = paths.Repo(relative);
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
