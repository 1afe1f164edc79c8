using System.Diagnostics;
using Cpupolicy.Compiler.Peers.Libvirt;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Hooks;

/// <summary>
/// ONE private libvirt session daemon for the whole test run (an xunit collection fixture), with the cpupolicy hook
/// installed by <c>hooks/install-libvirt.sh</c>. libvirt 9.0.0 reads hooks from the compiled-in
/// <c>/etc/libvirt/hooks</c> even in session mode, so the daemon runs in its own mount namespace where a private copy
/// of <c>/etc/libvirt</c> (with the hook installed under a DESTDIR-style root) is bind-mounted over the real one: the
/// host's configuration is never touched. The daemon runs as nobody (research peers.md), the hook with it, running
/// the built CLI through an absolute <c>dotnet</c> (<see cref="PrivateLibvirtDaemon"/> does the daemon). Started on first use (so missing peers skip, or fail in CI);
/// stopped by its own pid when the run ends, after destroying the domains it started.
/// </summary>
public sealed class HookedLibvirtDaemon : IDisposable
{
    public const string Collection = "libvirt daemon with the cpupolicy hook";

    private readonly Lazy<PrivateLibvirtDaemon> started;
    private readonly HashSet<string> domains = new(StringComparer.Ordinal);

    public HookedLibvirtDaemon()
    {
        started = new Lazy<PrivateLibvirtDaemon>(Start);
    }

    /// <summary>The bundle the installed hook reads; tests rewrite it to switch modes (the hook reads it at every call).</summary>
    public string BundlePath => Path.Combine(started.Value.Home, "bundle.json");

    /// <summary>Starts the daemon if needed; skips (fails in CI) when a peer is missing.</summary>
    public void Require()
    {
        foreach (var tool in new[] { "libvirtd", "virsh", "setpriv", "unshare", "qemu-system-x86_64" })
        {
            Peers.RequireExecutable(tool);
        }

        Peers.RequireOrSkip(Environment.UserName == "root", "the libvirt session daemon recipe needs root (to run it as nobody in its own mount namespace)");
        _ = started.Value;
    }

    /// <summary>Writes the bundle with these hook settings (what `cpupolicy compile --mode ... --on-error ...` would).</summary>
    public void UseBundle(string mode, string onError = "allow")
    {
        File.WriteAllText(BundlePath, HookPolicy.Bundle(mode, onError));
        started.Value.GiveToDaemonUser(BundlePath);
    }

    /// <summary>Defines a domain from its XML, remembering it for clean-up.</summary>
    public (int Code, string Stdout, string Stderr) Define(string name, string xml)
    {
        var file = Path.Combine(started.Value.Home, $"{name}.xml");
        File.WriteAllText(file, xml);
        started.Value.GiveToDaemonUser(file);
        lock (domains)
        {
            domains.Add(name);
        }

        return Virsh("define", file);
    }

    /// <summary>A path in the daemon's home where it may write a saved domain image.</summary>
    public string SavePath(string name) => Path.Combine(started.Value.Home, $"{name}.save");

    public (int Code, string Stdout, string Stderr) Virsh(params string[] args) =>
        Run(started.Value.Command("virsh", ["-c", "qemu:///session", .. args]), TimeSpan.FromSeconds(120));

    public void Dispose()
    {
        if (!started.IsValueCreated)
        {
            return;
        }

        var daemon = started.Value;
        try
        {
            foreach (var name in domains)
            {
                Virsh("destroy", name);
                Virsh("undefine", name);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            // Killing the daemon below ends its QEMU children with it only if they share the session; best effort.
        }

        daemon.Dispose();
    }

    private static PrivateLibvirtDaemon Start()
    {
        var daemon = PrivateLibvirtDaemon.Create("cpupolicy-hooked-libvirt-", "setpriv");
        try
        {
            var home = daemon.Home;
            var etc = Path.Combine(home, "root", "etc", "libvirt");
            Directory.CreateDirectory(etc);
            Run(new ProcessStartInfo("cp", ["-a", "/etc/libvirt/.", etc]), TimeSpan.FromSeconds(30));
            File.WriteAllText(Path.Combine(home, "bundle.json"), HookPolicy.Bundle());
            var cli = CliReadableByNobody(daemon);
            var install = Run(new ProcessStartInfo("bash",
            [
                Path.Combine(RepoData.RepoRoot, "hooks", "install-libvirt.sh"), "--root", Path.Combine(home, "root"),
                "--cpupolicy", $"{ChildProcess.Dotnet} {cli}", "--bundle", Path.Combine(home, "bundle.json"),
            ]), TimeSpan.FromSeconds(30));
            Assert.True(install.Code == 0, $"install-libvirt.sh failed: {install.Stderr}");
            Run(new ProcessStartInfo("chmod", ["-R", "a+rX", home]), TimeSpan.FromSeconds(30));

            // unshare(1) without --fork execs, so the pid we get is the daemon's own after the exec chain.
            daemon.Start("libvirtd", TimeSpan.FromSeconds(900), TimeSpan.FromSeconds(60), command => new ProcessStartInfo(
                "unshare",
                ["--mount", "--propagation", "private", "sh", "-c",
                 $"mount --bind {Quote(etc)} /etc/libvirt && exec {string.Join(' ', command.ArgumentList.Prepend(command.FileName).Select(Quote))}"]));
            return daemon;
        }
        catch
        {
            daemon.Dispose();
            throw;
        }
    }

    /// <summary>The CLI the hook runs: the test build if nobody can read it, else a world-readable copy of it.</summary>
    private static string CliReadableByNobody(PrivateLibvirtDaemon daemon)
    {
        var home = daemon.Home;
        var check = Run(daemon.Command("test", "-r", ChildProcess.CliDll), TimeSpan.FromSeconds(10));
        if (check.Code == 0)
        {
            return ChildProcess.CliDll;
        }

        var copy = Path.Combine(home, "cli");
        Run(new ProcessStartInfo("cp", ["-a", AppContext.BaseDirectory, copy]), TimeSpan.FromSeconds(60));
        return Path.Combine(copy, "cpupolicy.dll");
    }

    private static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static (int Code, string Stdout, string Stderr) Run(ProcessStartInfo info, TimeSpan timeout) =>
        PrivateLibvirtDaemon.Run(info, timeout) is var o ? (o.ExitCode, o.Stdout, o.Stderr) : default;
}
