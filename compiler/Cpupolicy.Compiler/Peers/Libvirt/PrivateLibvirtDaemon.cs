using System.Diagnostics;
using Cpupolicy.Core.IO;

namespace Cpupolicy.Compiler.Peers.Libvirt;

/// <summary>
/// A private libvirt session daemon (research peers.md): its own HOME and XDG folders under a temp dir, so nothing
/// of the host's libvirt is read or changed. As root, <c>qemu:///session</c> would reach the system daemon, so a root
/// caller runs it (and every command in its environment) as nobody through <c>setpriv</c>. The one launcher of the
/// tests' daemons and, through the probe's translator, of <c>cpupolicy probe --libvirt</c>. <see cref="Dispose"/> stops
/// the daemon by its own pid (nothing else) and removes its folder; the daemon's own <c>--timeout</c> ends it should
/// this process die first.
/// </summary>
public sealed class PrivateLibvirtDaemon : IDisposable
{
    /// <summary>nobody's uid and gid on Debian.</summary>
    public const int Nobody = 65534;

    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);

    private readonly string? setpriv;
    private Process? daemon;

    private PrivateLibvirtDaemon(string home, string? setpriv)
    {
        Home = home;
        this.setpriv = setpriv;
    }

    /// <summary>The daemon's folder: <c>run/</c>, <c>config/</c>, <c>cache/</c> and whatever the caller puts there.</summary>
    public string Home { get; }

    /// <summary>Whether the daemon and its commands run as nobody (the caller is root).</summary>
    public bool AsNobody => setpriv is not null;

    /// <summary>The socket that appears once the daemon is ready.</summary>
    public string Socket => Path.Combine(Home, "run", "libvirt", "libvirt-sock");

    /// <summary>
    /// A new folder for a daemon (not started yet: the caller may put configuration there first). <paramref name="setpriv"/>
    /// is the setpriv program to run as nobody with, or null to run as this process's user.
    /// </summary>
    public static PrivateLibvirtDaemon Create(string prefix, string? setpriv)
    {
        var home = Directory.CreateTempSubdirectory(prefix).FullName;
        foreach (var sub in new[] { "run", "config", "cache" })
        {
            Directory.CreateDirectory(Path.Combine(home, sub));
        }

        return new PrivateLibvirtDaemon(home, setpriv);
    }

    /// <summary>A command in the daemon's environment: its XDG folders, and as nobody when <see cref="AsNobody"/>.</summary>
    public ProcessStartInfo Command(string program, params IEnumerable<string> arguments)
    {
        ProcessStartInfo info;
        if (setpriv is not null)
        {
            info = BoundedProcess.Command(setpriv, [
                $"--reuid={Nobody}", $"--regid={Nobody}", "--clear-groups", "env",
                $"HOME={Home}", $"XDG_RUNTIME_DIR={Home}/run", $"XDG_CONFIG_HOME={Home}/config", $"XDG_CACHE_HOME={Home}/cache", program, .. arguments]);
        }
        else
        {
            info = BoundedProcess.Command(program, arguments);
            info.Environment["HOME"] = Home;
            info.Environment["XDG_RUNTIME_DIR"] = Path.Combine(Home, "run");
            info.Environment["XDG_CONFIG_HOME"] = Path.Combine(Home, "config");
            info.Environment["XDG_CACHE_HOME"] = Path.Combine(Home, "cache");
        }

        return info;
    }

    /// <summary>Runs a command to its end (a tool's output is small: 16 M characters kept); throws when it cannot start or times out.</summary>
    public static ProcessOutput Run(ProcessStartInfo info, TimeSpan? timeout = null)
    {
        var limit = timeout ?? ToolTimeout;
        var what = string.Join(' ', info.ArgumentList.Prepend(info.FileName));
        return BoundedProcess.Run(
            info, limit, 16 * 1024 * 1024,
            reason => new InvalidOperationException($"cannot start `{info.FileName}`{(reason is null ? string.Empty : $": {reason}")}"),
            () => new TimeoutException($"`{what}` did not finish within {limit.TotalSeconds:0} s"));
    }

    /// <summary>Makes a file or folder (recursively) the daemon user's, so it can read what the caller wrote there.</summary>
    public void GiveToDaemonUser(string path)
    {
        if (AsNobody)
        {
            Run(BoundedProcess.Command("chown", ["-R", $"{Nobody}:{Nobody}", path]), TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>
    /// Starts <paramref name="libvirtd"/> with <c>--timeout</c> <paramref name="idleExit"/> and waits for its socket.
    /// <paramref name="wrap"/> may put the daemon's command inside another (a private mount namespace); the wrapper must
    /// exec it, so the pid is the daemon's. Throws (after stopping it) when it exits or is not ready within <paramref name="ready"/>.
    /// </summary>
    public void Start(string libvirtd, TimeSpan idleExit, TimeSpan ready, Func<ProcessStartInfo, ProcessStartInfo>? wrap = null)
    {
        GiveToDaemonUser(Home);
        var command = Command(libvirtd, "--timeout", ((int)idleExit.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var info = wrap?.Invoke(command) ?? command;
        info.UseShellExecute = false;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        daemon = Process.Start(info) ?? throw new InvalidOperationException($"`{libvirtd}` could not be started");
        daemon.OutputDataReceived += (_, _) => { };
        daemon.ErrorDataReceived += (_, _) => { };
        daemon.BeginOutputReadLine();
        daemon.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        while (!File.Exists(Socket))
        {
            if (daemon.HasExited)
            {
                throw new InvalidOperationException($"the private libvirt daemon exited with status {daemon.ExitCode} before it was ready");
            }

            if (clock.Elapsed > ready)
            {
                throw new InvalidOperationException($"the private libvirt daemon was not ready after {ready.TotalSeconds:0} s");
            }

            Thread.Sleep(50);
        }
    }

    /// <summary>Stops the daemon (by its own pid: the setpriv or wrapper that exec'd it) and removes its folder.</summary>
    public void Dispose()
    {
        if (daemon is { } d)
        {
            try
            {
                if (!d.HasExited)
                {
                    d.Kill();
                    d.WaitForExit(10_000);
                }
            }
            catch (InvalidOperationException)
            {
                // It exited between the check and the kill.
            }

            d.Dispose();
            daemon = null;
        }

        // The daemon's helpers may still be removing their sockets and pid files for a moment; a leftover in the temp
        // folder is harmless.
        for (var attempt = 0; attempt < 20 && Directory.Exists(Home); attempt++)
        {
            try
            {
                Directory.Delete(Home, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Thread.Sleep(50);
            }
        }
    }
}
