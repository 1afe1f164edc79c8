using Cpupolicy.Compiler.Output;
using Cpupolicy.Compiler;
using Cpupolicy.Core.Bundle;
using Cpupolicy.Compiler.Emit;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Hostile;

/// <summary>
/// A scratch folder per test with what the commands need beside the hostile file: a valid policy, the examples'
/// host files, a compiled bundle.json, a valid domain XML and xl config. Deleted afterwards.
/// </summary>
public sealed class HostileWorkspace : IDisposable
{
    public const string Policy = """
        host hera from "hosts/x86_64-cpuid-Xeon-E5-2630-v3.xml"
        host zeus is IvyBridge-v2
        pool homelab = hera, zeus
        profile safe = baseline(homelab)
        vm "web-*" uses safe
        default uses safe
        target xen { format libxl }
        target libvirt { model auto }
        """;

    public const string Domain = """
        <domain type='kvm'>
          <name>web-1</name>
          <memory unit='KiB'>1048576</memory>
          <cpu mode='host-passthrough'/>
          <devices/>
        </domain>
        """;

    public const string XlConfig = "name = \"web-1\"\nmemory = 1024\ncpuid = \"host,avx2=0\"\n";

    public HostileWorkspace()
    {
        Dir = Directory.CreateTempSubdirectory("cpupolicy-hostile-").FullName;
        var hosts = Path.Combine(RepoData.RepoRoot, "policy", "examples", "hosts");
        Directory.CreateDirectory(Path.Combine(Dir, "hosts"));
        foreach (var file in Directory.EnumerateFiles(hosts))
        {
            File.WriteAllBytes(Path.Combine(Dir, "hosts", Path.GetFileName(file)), File.ReadAllBytes(file));
        }

        var policyPath = Path.Combine(Dir, "valid.cpupolicy");
        File.WriteAllText(policyPath, Policy);
        var result = Compilation.CompileFile(policyPath);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        BundlePath = Path.Combine(Dir, "bundle.json");
        File.WriteAllText(BundlePath, BundleWriter.ToText(BundleBuilder.Create(result, policyPath, new HookSettings())));
    }

    public string Dir { get; }

    /// <summary>A valid bundle.json compiled from <see cref="Policy"/>.</summary>
    public string BundlePath { get; }

    public string PathOf(string name) => Path.Combine(Dir, name);

    public ProcessResult Run(params string[] args) => ChildProcess.HostileCli(Dir, null, null, args);

    public ProcessResult Run(IReadOnlyDictionary<string, string> env, byte[]? stdin, params string[] args) => ChildProcess.HostileCli(Dir, env, stdin, args);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a test over.
        }
    }
}
