using System.Text;
using Cpupolicy.Hooks;

namespace Cpupolicy.Tests.Hooks;

/// <summary>
/// One test's private folder with a bundle and an environment for the hooks (what libvirt/xenopsd would give them
/// plus the CPUPOLICY_* settings), so tests running in parallel never share files or process-wide variables.
/// Syslog is off unless a test points it at its own socket.
/// </summary>
public sealed class HookSandbox : IDisposable
{
    private readonly Dictionary<string, string?> env = new(StringComparer.Ordinal);

    public HookSandbox(string? bundle = null)
    {
        Dir = Directory.CreateTempSubdirectory("cpupolicy-hooks-").FullName;
        BundlePath = Path.Combine(Dir, "bundle.json");
        File.WriteAllText(BundlePath, bundle ?? HookPolicy.Bundle());
        env[HookConfig.BundleVariable] = BundlePath;
        env[HookLog.SocketVariable] = "none";
    }

    public string Dir { get; }

    public string BundlePath { get; }

    public Func<string, string?> Env => name => env.GetValueOrDefault(name);

    public IReadOnlyDictionary<string, string?> Variables => env;

    public HookSandbox Set(string name, string? value)
    {
        env[name] = value;
        return this;
    }

    public string Write(string name, string content)
    {
        var path = Path.Combine(Dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    public HookOutcome Libvirt(string name, string operation, string xml, string subOperation = "begin") =>
        new LibvirtHook(Env).Run(name, operation, subOperation, new MemoryStream(Encoding.UTF8.GetBytes(xml)));

    public HookOutcome Libvirt(string name, string operation, Stream stdin) =>
        new LibvirtHook(Env).Run(name, operation, "begin", stdin);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a child process; the temp folder is cleaned by the OS eventually.
        }
    }
}
