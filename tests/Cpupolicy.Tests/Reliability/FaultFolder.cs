using Cpupolicy.Tests.Hooks;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Reliability;

/// <summary>
/// A test's private folder for the fault tests, made the way a root-owned install would be (mode 0755, so the hooks'
/// <c>FileTrust</c> accepts a bundle in it), with the two policies the tests tell apart: <see cref="OldPolicy"/> sends
/// <c>web-*</c> to profile <c>safe</c> (Nehalem), <see cref="NewPolicy"/> to <c>small</c> (qemu64), so a hook's
/// rewrite names the bundle it read.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class FaultFolder : IDisposable
{
    public const string OldPolicy = HookPolicy.Text;

    public static readonly string NewPolicy = HookPolicy.Text.Replace("vm \"web-*\" uses safe", "vm \"web-*\" uses small", StringComparison.Ordinal);

    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    public FaultFolder()
    {
        Dir = Directory.CreateTempSubdirectory("cpupolicy-fault-").FullName;
        File.SetUnixFileMode(Dir, (UnixFileMode)0b111_101_101);
    }

    public string Dir { get; }

    public static string HookDll => System.IO.Path.Combine(AppContext.BaseDirectory, "cpupolicy-hook.dll");

    public string Path(string name) => System.IO.Path.Combine(Dir, name);

    public string Write(string name, string content)
    {
        var path = Path(name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary><c>cpupolicy compile POLICY --out OUT</c> as a separate process.</summary>
    public static ProcessResult Compile(string policy, string outDir) =>
        ChildProcess.Cpupolicy(new Dictionary<string, string?> { ["CPUPOLICY_SYSLOG_SOCKET"] = "none" }, null, Deadline, "compile", policy, "--out", outDir);

    /// <summary>A compiled bundle folder for <paramref name="policyText"/> under <see cref="Dir"/>.</summary>
    public string CompileInto(string policyText, string outName)
    {
        var policy = Write(outName + ".cpupolicy", policyText);
        var result = Compile(policy, Path(outName));
        Assert.True(result.ExitCode == 0, result.Stderr);
        return Path(outName);
    }

    /// <summary>Exit 1 with a coded diagnostic and nothing that looks like a .NET stack trace or exception type name.</summary>
    public static void AssertCleanFailure(ProcessResult result, string code)
    {
        Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}: {result.Stderr}");
        Assert.Contains(code, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", result.Stderr, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
            // A mount still busy (its own finally reports it); the OS cleans temp eventually.
        }
    }
}
