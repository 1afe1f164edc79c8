using System.Diagnostics;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Hooks;

/// <summary>
/// ONE private libvirt session daemon for the whole test run (an xunit collection fixture), with the cpupolicy hook
/// installed by <c>hooks/install-libvirt.sh</c>. libvirt 9.0.0 reads hooks from the compiled-in
/// <c>/etc/libvirt/hooks</c> even in session mode, so the daemon runs in its own mount namespace where a private copy
/// of <c>/etc/libvirt</c> (with the hook installed under a DESTDIR-style root) is bind-mounted over the real one: the
/// host's configuration is never touched. The daemon runs as nobody (research peers.md), the hook with it, running
/// the built CLI through an absolute <c>dotnet</c>. Started on first use (so missing peers skip, or fail in CI);
/// stopped by its own pid when the run ends, after destroying the domains it started.
/// </summary>
public sealed class HookedLibvirtDaemon : IDisposable
{
    public const string Collection = "libvirt daemon with the cpupolicy hook";

    private readonly Lazy<HookedDaemonProcess> started;
    private readonly HashSet<string> domains = new(StringComparer.Ordinal);

    public HookedLibvirtDaemon()
    {
        started = new Lazy<HookedDaemonProcess>(Start);
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
        Run(new ProcessStartInfo("chown", ["65534:65534", BundlePath]), TimeSpan.FromSeconds(10));
    }

    /// <summary>Defines a domain from its XML, remembering it for clean-up.</summary>
    public (int Code, string Stdout, string Stderr) Define(string name, string xml)
    {
        var file = Path.Combine(started.Value.Home, $"{name}.xml");
        File.WriteAllText(file, xml);
        Run(new ProcessStartInfo("chown", ["65534:65534", file]), TimeSpan.FromSeconds(10));
        lock (domains)
        {
            domains.Add(name);
        }

        return Virsh("define", file);
    }

    /// <summary>A path in the daemon's home where it may write a saved domain image.</summary>
    public string SavePath(string name) => Path.Combine(started.Value.Home, $"{name}.save");

    public (int Code, string Stdout, string Stderr) Virsh(params string[] args) =>
        Run(AsNobody(started.Value.Home, ["virsh", "-c", "qemu:///session", .. args]), TimeSpan.FromSeconds(120));

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

        try
        {
            if (!daemon.Process.HasExited)
            {
                daemon.Process.Kill(); // this daemon's own pid, nothing else
                daemon.Process.WaitForExit(10_000);
            }

            Directory.Delete(daemon.Home, recursive: true);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            // Best effort at the end of the run; the daemon's --timeout ends it anyway.
        }
    }

    private static HookedDaemonProcess Start()
    {
        var home = Directory.CreateTempSubdirectory("cpupolicy-hooked-libvirt-").FullName;
        foreach (var sub in new[] { "run", "config", "cache", "root/etc/libvirt" })
        {
            Directory.CreateDirectory(Path.Combine(home, sub));
        }

        var etc = Path.Combine(home, "root", "etc", "libvirt");
        Run(new ProcessStartInfo("cp", ["-a", "/etc/libvirt/.", etc]), TimeSpan.FromSeconds(30));
        File.WriteAllText(Path.Combine(home, "bundle.json"), HookPolicy.Bundle());
        var cli = CliReadableByNobody(home);
        var install = Run(new ProcessStartInfo("bash",
        [
            Path.Combine(RepoData.RepoRoot, "hooks", "install-libvirt.sh"), "--root", Path.Combine(home, "root"),
            "--cpupolicy", $"{ChildProcess.Dotnet} {cli}", "--bundle", Path.Combine(home, "bundle.json"),
        ]), TimeSpan.FromSeconds(30));
        Assert.True(install.Code == 0, $"install-libvirt.sh failed: {install.Stderr}");
        Run(new ProcessStartInfo("chown", ["-R", "65534:65534", home]), TimeSpan.FromSeconds(30));
        Run(new ProcessStartInfo("chmod", ["-R", "a+rX", home]), TimeSpan.FromSeconds(30));

        // unshare(1) without --fork execs, so the pid we get is the daemon's own after the exec chain.
        var daemonCommand = string.Join(' ', AsNobody(home, ["libvirtd", "--timeout", "900"]).ArgumentList.Prepend("setpriv").Select(Quote));
        var info = new ProcessStartInfo("unshare", ["--mount", "--propagation", "private", "sh", "-c", $"mount --bind {Quote(etc)} /etc/libvirt && exec {daemonCommand}"])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start libvirtd");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var socket = Path.Combine(home, "run", "libvirt", "libvirt-sock");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(socket) && !process.HasExited && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(100);
        }

        Assert.True(File.Exists(socket), "libvirtd did not come up");
        return new HookedDaemonProcess(home, process);
    }

    /// <summary>The CLI the hook runs: the test build if nobody can read it, else a world-readable copy of it.</summary>
    private static string CliReadableByNobody(string home)
    {
        var check = Run(AsNobody(home, ["test", "-r", ChildProcess.CliDll]), TimeSpan.FromSeconds(10));
        if (check.Code == 0)
        {
            return ChildProcess.CliDll;
        }

        var copy = Path.Combine(home, "cli");
        Run(new ProcessStartInfo("cp", ["-a", AppContext.BaseDirectory, copy]), TimeSpan.FromSeconds(60));
        return Path.Combine(copy, "cpupolicy.dll");
    }

    private static ProcessStartInfo AsNobody(string home, IEnumerable<string> command)
    {
        var info = new ProcessStartInfo("setpriv") { UseShellExecute = false };
        foreach (var a in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", "env",
                     $"HOME={home}", $"XDG_RUNTIME_DIR={home}/run", $"XDG_CONFIG_HOME={home}/config", $"XDG_CACHE_HOME={home}/cache" }.Concat(command))
        {
            info.ArgumentList.Add(a);
        }

        return info;
    }

    private static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

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
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{info.FileName} {string.Join(' ', info.ArgumentList)} did not finish in {timeout}");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
