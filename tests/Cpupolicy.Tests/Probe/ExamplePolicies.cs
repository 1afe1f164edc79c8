using Cpupolicy.Compiler;
using Cpupolicy.Compiler.Emit;
using Cpupolicy.Compiler.Probe;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Probe;

/// <summary>
/// The policies whose profiles the probe boots: the bundled examples (<c>policy/examples/*.cpupolicy</c>), or, while
/// that folder has none, the homelab golden case. Each is compiled for the two backends whose artifacts become a
/// QEMU <c>-cpu</c> (qemu, libvirt).
/// </summary>
public static class ExamplePolicies
{
    private static readonly Lazy<IReadOnlyList<(string Path, Compilation Result)>> CompiledLazy = new(Compile);

    public static string ExamplesFolder => Path.Combine(RepoData.RepoRoot, "policy", "examples");

    public static string Fallback => Path.Combine(RepoData.RepoRoot, "tests", "cases", "homelab-inline", "policy.cpupolicy");

    /// <summary>The policy files, sorted.</summary>
    public static IReadOnlyList<string> Files()
    {
        var examples = Directory.Exists(ExamplesFolder)
            ? Directory.GetFiles(ExamplesFolder, "*.cpupolicy").Order(StringComparer.Ordinal).ToList()
            : [];
        return examples.Count > 0 ? examples : [Fallback];
    }

    /// <summary>Every policy with its compilation (which must succeed).</summary>
    public static IReadOnlyList<(string Path, Compilation Result)> Compiled => CompiledLazy.Value;

    /// <summary>
    /// Every x86 profile's target for one backend, across all the policies (with the policy's full path). The x86
    /// probe boots qemu-system-x86_64; aarch64 profiles (kunpeng-generations) are probed by the aarch64 probe's tests.
    /// </summary>
    public static IEnumerable<(string Policy, ProbeTarget Target)> Targets(string backend) =>
        from c in Compiled
        from p in c.Result.Profiles
        where !p.Profile.IsArm64
        select (c.Path, ProbeTarget.For(c.Result, p, backend)
            ?? throw new InvalidOperationException($"{c.Path}: profile {p.Profile.Name} has no {backend} artifact"));

    /// <summary>A policy path as the test output shows it: relative to the repository.</summary>
    public static string Show(string policy) => Path.GetRelativePath(RepoData.RepoRoot, policy);

    private static IReadOnlyList<(string, Compilation)> Compile() =>
        Files().Select(path =>
        {
            var result = Compilation.CompileFile(path, [.. ProbeTarget.Backends]);
            Assert.False(result.HasErrors, $"{path} does not compile:\n{string.Join('\n', result.Diagnostics)}");
            return (path, result);
        }).ToList();
}
