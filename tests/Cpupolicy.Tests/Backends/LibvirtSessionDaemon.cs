using Cpupolicy.Compiler.Peers.Libvirt;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Backends;

/// <summary>
/// One private, unprivileged libvirt session daemon per test run (<see cref="PrivateLibvirtDaemon"/>, as nobody).
/// Started on first use, stopped by its pid when the test process exits (and by its own <c>--timeout</c> if that never happens).
/// </summary>
public sealed class LibvirtSessionDaemon
{
    private static readonly Lazy<LibvirtSessionDaemon> Instance = new(Start);

    private readonly PrivateLibvirtDaemon daemon;

    private LibvirtSessionDaemon(PrivateLibvirtDaemon daemon)
    {
        this.daemon = daemon;
    }

    /// <summary>The daemon; skips (fails in CI) when libvirtd, virsh or setpriv are missing.</summary>
    public static LibvirtSessionDaemon Get()
    {
        Peers.RequireExecutable("libvirtd");
        Peers.RequireExecutable("virsh");
        Peers.RequireExecutable("setpriv");
        Peers.RequireOrSkip(Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root",
            "the libvirt session daemon recipe needs root (to run it as nobody)");
        return Instance.Value;
    }

    /// <summary>What <c>virsh domxml-to-native qemu-argv</c> makes of a domain XML.</summary>
    public string DomxmlToNative(string domainXml)
    {
        var file = Path.Combine(daemon.Home, $"dom-{Guid.NewGuid():N}.xml");
        File.WriteAllText(file, domainXml);
        daemon.GiveToDaemonUser(file);
        var (code, stdout, stderr) = PrivateLibvirtDaemon.Run(daemon.Command("virsh", "-c", "qemu:///session", "domxml-to-native", "qemu-argv", file));
        File.Delete(file);
        return code == 0 ? stdout : throw new InvalidOperationException($"virsh domxml-to-native failed ({code}): {stderr}");
    }

    private static LibvirtSessionDaemon Start()
    {
        var daemon = PrivateLibvirtDaemon.Create("cpupolicy-libvirt-", "setpriv");
        try
        {
            daemon.Start("libvirtd", TimeSpan.FromSeconds(600), TimeSpan.FromSeconds(30));
        }
        catch
        {
            daemon.Dispose();
            throw;
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => daemon.Dispose();
        return new LibvirtSessionDaemon(daemon);
    }
}
