using System.Runtime.Versioning;
using Cpupolicy.Hooks;
using Cpupolicy.Tests.Hooks;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Native;

/// <summary>
/// Smoke tests of the shipped NativeAOT binaries (scripts/publish.sh): each starts and prints the version of the
/// .NET build, the native hook answers a libvirt call on a bundled example's bundle as the .NET CLI does, and the
/// native <c>compile</c> of every bundled example writes the .NET build's bytes. scripts/test.sh publishes the binaries
/// once into a temporary folder and names it in <see cref="DirVariable"/>; without it these tests skip (in CI, fail).
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class NativeBinaryTests : IDisposable
{
    /// <summary>The folder holding the native <c>cpupolicy</c> and <c>cpupolicy-hook</c>.</summary>
    public const string DirVariable = "CPUPOLICY_NATIVE_DIR";

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    private static readonly Dictionary<string, string?> NoEnv = [];

    private readonly string tmp = Directory.CreateTempSubdirectory("cpupolicy-native-").FullName;

    public static TheoryData<string> Examples => new(
        Directory.GetFiles(Path.Combine(RepoData.RepoRoot, "policy", "examples"), "*.cpupolicy")
            .Select(p => Path.GetFileName(p))
            .Order(StringComparer.Ordinal));

    [SkippableTheory]
    [InlineData("cpupolicy")]
    [InlineData("cpupolicy-hook")]
    public void A_native_binary_prints_the_version_of_the_dotnet_build(string name)
    {
        var native = ChildProcess.Run(Native(name), ["--version"], NoEnv, null, Deadline);
        var jit = ChildProcess.Cpupolicy(NoEnv, null, Deadline, "--version");
        Assert.True(native.ExitCode == 0, $"{name} --version: exit {native.ExitCode}: {native.Stderr}");
        Assert.Equal(jit.Stdout, native.Stdout);
        Assert.Matches(@"^\d+\.\d+\.\d+", native.StdoutText);
    }

    [SkippableTheory]
    [MemberData(nameof(Examples))]
    public void The_native_compile_of_a_bundled_example_writes_the_bytes_of_the_dotnet_build(string example)
    {
        var policy = Path.Combine(RepoData.RepoRoot, "policy", "examples", example);
        var nativeOut = Path.Combine(tmp, "native");
        var jitOut = Path.Combine(tmp, "jit");
        var native = ChildProcess.Run(Native("cpupolicy"), ["compile", policy, "--out", nativeOut], NoEnv, null, Deadline);
        var jit = ChildProcess.Cpupolicy(NoEnv, null, Deadline, "compile", policy, "--out", jitOut);
        Assert.True(jit.ExitCode == 0, $"dotnet cpupolicy.dll compile {example}: exit {jit.ExitCode}: {jit.Stderr}");
        Assert.True(native.ExitCode == 0, $"native cpupolicy compile {example}: exit {native.ExitCode}: {native.Stderr}");
        Assert.Equal(jit.Stderr, native.Stderr);

        var files = Directory.GetFiles(jitOut).Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(files, Directory.GetFiles(nativeOut).Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal).ToList());
        Assert.Contains("bundle.json", files);
        foreach (var file in files)
        {
            Assert.True(File.ReadAllBytes(Path.Combine(jitOut, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(nativeOut, file))),
                $"{example}: the native compile's {file} differs from the .NET build's");
        }
    }

    [SkippableFact]
    public void The_native_hook_answers_a_libvirt_call_on_a_bundled_example_like_the_dotnet_cli()
    {
        var hook = Native("cpupolicy-hook");
        var policy = Path.Combine(RepoData.RepoRoot, "policy", "examples", "epyc-generations.cpupolicy");
        var compiled = ChildProcess.Cpupolicy(NoEnv, null, Deadline, "compile", policy, "--out", tmp, "--target", "libvirt");
        Assert.True(compiled.ExitCode == 0, compiled.Stderr);
        var artifact = File.ReadAllText(Path.Combine(tmp, "zen2.libvirt.xml"));
        var cpu = artifact[artifact.IndexOf("<cpu", StringComparison.Ordinal)..(artifact.IndexOf("</cpu>", StringComparison.Ordinal) + "</cpu>".Length)];
        var env = new Dictionary<string, string?> { [HookConfig.BundleVariable] = Path.Combine(tmp, "bundle.json"), [HookLog.SocketVariable] = "none" };

        // db-01 uses zen2: its own <cpu> passes, the same with SSE2 disabled breaks the profile.
        foreach (var (domainCpu, expected) in new[] { (cpu, 0), (cpu.Replace("</cpu>", "<feature policy='disable' name='sse2'/></cpu>", StringComparison.Ordinal), 3) })
        {
            var xml = HookPolicy.Domain("db-01", domainCpu);
            string[] args = ["hook", "libvirt", "--", "db-01", "prepare", "begin", "-"];
            var native = ChildProcess.Run(hook, args, env, ChildProcess.Text(xml), Deadline);
            var jit = ChildProcess.Cpupolicy(env, ChildProcess.Text(xml), Deadline, args);
            Assert.True(native.ExitCode == expected, $"native hook: exit {native.ExitCode}, expected {expected}: {native.Stderr}");
            Assert.Equal(jit.ExitCode, native.ExitCode);
            Assert.Equal(jit.Stdout, native.Stdout);
            Assert.Equal(jit.Stderr, native.Stderr);
        }
    }

    [SkippableFact]
    public void The_native_hook_merges_and_judges_an_aarch64_fragment_like_the_dotnet_cli()
    {
        // The aarch64 path loads the aarch64 database and QEMU's property tables, which no x86 call of the hook touches.
        var hook = Native("cpupolicy-hook");
        var bundle = Path.Combine(tmp, "bundle.json");
        File.WriteAllText(bundle, Arm64HookPolicy.Bundle());
        var env = new Dictionary<string, string?> { [HookConfig.BundleVariable] = bundle, [HookLog.SocketVariable] = "none" };
        var domain = Arm64HookPolicy.Domain("web-01", args: ["-set", "x=y"]);

        string[] migrate = ["hook", "libvirt", "--", "web-01", "migrate", "begin", "-"];
        var merged = ChildProcess.Run(hook, migrate, env, ChildProcess.Text(domain), Deadline);
        var jitMerged = ChildProcess.Cpupolicy(env, ChildProcess.Text(domain), Deadline, migrate);
        Assert.True(merged.ExitCode == 0 && merged.StdoutText.Contains("SYSREG_ID_AA64ISAR0_EL1_SM3=0x0", StringComparison.Ordinal), merged.Stderr);
        Assert.Equal(jitMerged.Stdout, merged.Stdout);
        Assert.Equal(jitMerged.Stderr, merged.Stderr);

        string[] prepare = ["hook", "libvirt", "--", "web-01", "prepare", "begin", "-"];
        foreach (var (xml, expected) in new[] { (merged.StdoutText, 0), (domain, 3) })
        {
            var native = ChildProcess.Run(hook, prepare, env, ChildProcess.Text(xml), Deadline);
            var jit = ChildProcess.Cpupolicy(env, ChildProcess.Text(xml), Deadline, prepare);
            Assert.True(native.ExitCode == expected, $"native hook: exit {native.ExitCode}, expected {expected}: {native.Stderr}");
            Assert.Equal(jit.Stderr, native.Stderr);
        }
    }

    public void Dispose() => Directory.Delete(tmp, recursive: true);

    private static string Native(string name)
    {
        var dir = Environment.GetEnvironmentVariable(DirVariable);
        Peers.RequireOrSkip(!string.IsNullOrEmpty(dir),
            $"{DirVariable} is not set (scripts/test.sh builds the native binaries with scripts/publish.sh and sets it)");
        var path = Path.Combine(dir!, name);
        Assert.True(File.Exists(path), $"{path} is missing: scripts/publish.sh failed (its output is in the test command's log)");
        return path;
    }
}
