using System.Text.RegularExpressions;
using Cpupolicy.Compiler;
using Cpupolicy.Compiler.Emit;
using Cpupolicy.Tests.Cli;
using Cpupolicy.Tests.Hooks;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Diagnostics;

/// <summary>
/// A private temporary folder for one <see cref="DiagnosticCase"/>, and the ways a case runs a component: the CLI in
/// process, the compiler on policy text, a hook in a <see cref="HookSandbox"/>. Each returns the codes the run reported.
/// </summary>
public sealed partial class CaseWorkspace : IDisposable
{
    private readonly Lazy<HookSandbox> sandbox = new(() => new HookSandbox());

    public string Dir { get; } = Directory.CreateTempSubdirectory("cpupolicy-diagcov-").FullName;

    /// <summary>A hook sandbox (bundle of <see cref="HookPolicy"/>, its own environment), made on first use.</summary>
    public HookSandbox Hooks => sandbox.Value;

    public string Write(string name, string text)
    {
        var path = Path.Combine(Dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    public string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(Dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>An executable shell script (stand-ins for QEMU and friends).</summary>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public string Script(string name, string body)
    {
        var path = Write(name, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        return path;
    }

    /// <summary>The codes in everything the CLI printed (diagnostic lines on stderr, <c>code</c> fields in JSON).</summary>
    public static IReadOnlyList<string> Cli(params string[] args)
    {
        var result = CliRunner.Run(args);
        return CodesIn(result.Stderr + "\n" + result.Stdout);
    }

    /// <summary>The codes the CLI printed when run as user <c>nobody</c>, who may not open <c>/dev/kvm</c> (<see cref="ChildProcess.CliAsNobody"/>).</summary>
    public static IReadOnlyList<string> CliWithoutKvm(params string[] args)
    {
        var result = ChildProcess.CliAsNobody(args);
        return CodesIn(result.Stderr + "\n" + result.StdoutText);
    }

    public static IReadOnlyList<string> Compile(string policy) =>
        Compilation.Compile(policy, "case.cpupolicy").Diagnostics.Select(d => d.Code).ToList();

    public static IReadOnlyList<string> CodesIn(string? text) =>
        text is null ? [] : Code().Matches(text).Select(m => m.Value).ToList();

    public void Dispose()
    {
        if (sandbox.IsValueCreated)
        {
            sandbox.Value.Dispose();
        }

        Directory.Delete(Dir, recursive: true);
    }

    [GeneratedRegex(@"\bCP[0-9]{4}\b")]
    private static partial Regex Code();
}
