using System.Diagnostics;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Backends;

/// <summary>
/// One private, unprivileged libvirt session daemon per test run (research peers.md): as root, qemu:///session would
/// reach the system daemon, so it runs as nobody with its own XDG folders under a temp dir. Started on first use,
/// stopped by its pid when the test process exits (and by its own <c>--timeout</c> if that never happens).
/// </summary>
public sealed class LibvirtSessionDaemon
{
    private static readonly Lazy<LibvirtSessionDaemon> Instance = new(Start);

    private readonly string home;
    private readonly Process process;

    private LibvirtSessionDaemon(string home, Process process)
    {
        this.home = home;
        this.process = process;
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
        var file = Path.Combine(home, $"dom-{Guid.NewGuid():N}.xml");
        File.WriteAllText(file, domainXml);
        Chown(file);
        var (code, stdout, stderr) = Run(AsNobody("virsh", "-c", "qemu:///session", "domxml-to-native", "qemu-argv", file), TimeSpan.FromSeconds(60));
        File.Delete(file);
        return code == 0 ? stdout : throw new InvalidOperationException($"virsh domxml-to-native failed ({code}): {stderr}");
    }

    private static LibvirtSessionDaemon Start()
    {
        var home = Directory.CreateTempSubdirectory("cpupolicy-libvirt-").FullName;
        foreach (var sub in new[] { "run", "config", "cache" })
        {
            Directory.CreateDirectory(Path.Combine(home, sub));
        }

        Run(new ProcessStartInfo("chown", ["-R", "65534:65534", home]), TimeSpan.FromSeconds(10));
        var daemon = new LibvirtSessionDaemon(home, null!);
        var info = daemon.AsNobody("libvirtd", "--timeout", "600");
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start libvirtd");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var started = new LibvirtSessionDaemon(home, process);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => started.Stop();

        // The socket appears once the daemon is ready.
        var socket = Path.Combine(home, "run", "libvirt", "libvirt-sock");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(socket) && !process.HasExited && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(100);
        }

        return File.Exists(socket) ? started : throw new InvalidOperationException("libvirtd did not come up");
    }

    private void Stop()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(); // this daemon's own pid, nothing else
                process.WaitForExit(5000);
            }

            // The daemon's helpers may still be removing their sockets for a moment.
            for (var attempt = 0; Directory.Exists(home) && attempt < 5; attempt++)
            {
                try
                {
                    Directory.Delete(home, recursive: true);
                }
                catch (IOException) when (attempt < 4)
                {
                    Thread.Sleep(200);
                }
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            // Best effort at process exit; --timeout ends the daemon anyway.
        }
    }

    private ProcessStartInfo AsNobody(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo("setpriv") { UseShellExecute = false };
        foreach (var a in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", "env",
                     $"HOME={home}", $"XDG_RUNTIME_DIR={home}/run", $"XDG_CONFIG_HOME={home}/config", $"XDG_CACHE_HOME={home}/cache", program })
        {
            info.ArgumentList.Add(a);
        }

        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        return info;
    }

    private static void Chown(string path) => Run(new ProcessStartInfo("chown", ["65534:65534", path]), TimeSpan.FromSeconds(10));

    private static (int Code, string Stdout, string Stderr) Run(ProcessStartInfo info, TimeSpan timeout)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {info.FileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill();
            throw new TimeoutException($"{info.FileName} did not finish in {timeout}");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
