using System.Diagnostics;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Probe;

/// <summary>
/// Asks the real libvirt what QEMU <c>-cpu</c> a libvirt <c>&lt;cpu&gt;</c> element becomes
/// (<c>virsh domxml-to-native qemu-argv</c>), so the probe tests libvirt's own translation rather than ours. It talks to
/// a given connection URI, or to a private session daemon it starts itself (research peers.md): as root,
/// <c>qemu:///session</c> would reach the system daemon, so the private daemon then runs as nobody; either way it has
/// its own XDG folders under a temp dir, and <see cref="Dispose"/> stops it by its pid and removes them.
/// </summary>
public sealed class LibvirtTranslator : IDisposable
{
    private const string Span = "<libvirt>";
    private const int Nobody = 65534;

    private static readonly TimeSpan DaemonStart = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan VirshTimeout = TimeSpan.FromSeconds(60);

    private readonly string? uri;
    private readonly string virsh;
    private readonly string? home;
    private readonly string? setpriv;
    private Process? daemon;

    private LibvirtTranslator(string virsh, string? uri, string? home, string? setpriv)
    {
        this.virsh = virsh;
        this.uri = uri;
        this.home = home;
        this.setpriv = setpriv;
    }

    /// <summary>A translator over an existing libvirt connection (e.g. <c>qemu:///system</c>).</summary>
    public static LibvirtTranslator ForUri(string uri) => new(Require("virsh"), uri, null, null);

    /// <summary>A translator over a private session daemon, started now (the first translation probes QEMU, ~2 s).</summary>
    public static LibvirtTranslator StartPrivateDaemon()
    {
        var virsh = Require("virsh");
        var libvirtd = Require("libvirtd");
        var setpriv = Environment.IsPrivilegedProcess ? Require("setpriv") : null;
        var home = Directory.CreateTempSubdirectory("cpupolicy-probe-libvirt-").FullName;
        var translator = new LibvirtTranslator(virsh, null, home, setpriv);
        try
        {
            foreach (var sub in new[] { "run", "config", "cache" })
            {
                Directory.CreateDirectory(Path.Combine(home, sub));
            }

            if (setpriv is not null)
            {
                Run(new ProcessStartInfo("chown", ["-R", $"{Nobody}:{Nobody}", home]), TimeSpan.FromSeconds(10), "chown");
            }

            // The daemon's own --timeout ends it should this process die before Dispose.
            var info = translator.Command(libvirtd, "--timeout", "300");
            info.RedirectStandardOutput = true;
            info.RedirectStandardError = true;
            translator.daemon = Process.Start(info) ?? throw Failed($"`{libvirtd}` could not be started");
            translator.daemon.OutputDataReceived += (_, _) => { };
            translator.daemon.ErrorDataReceived += (_, _) => { };
            translator.daemon.BeginOutputReadLine();
            translator.daemon.BeginErrorReadLine();
            translator.WaitForSocket();
            return translator;
        }
        catch
        {
            translator.Dispose();
            throw;
        }
    }

    /// <summary>The <c>-cpu</c> value libvirt generates for a <c>&lt;cpu&gt;</c> element, in a TCG domain on machine <c>pc</c>.</summary>
    public string CpuFor(string cpuElement)
    {
        var argv = DomxmlToNative(DomainWith(cpuElement));
        return QemuCpuValue.FromCommandLine(argv) ?? throw Failed(
            "libvirt's QEMU command line for the artifact has no -cpu",
            "libvirt passes no -cpu for a <cpu> without a model; the artifact should name one");
    }

    /// <summary>What <c>virsh domxml-to-native qemu-argv</c> prints for a domain XML.</summary>
    public string DomxmlToNative(string domainXml)
    {
        var folder = home ?? Path.GetTempPath();
        var file = Path.Combine(folder, $"domain-{Guid.NewGuid():N}.xml");
        File.WriteAllText(file, domainXml);
        if (!OperatingSystem.IsWindows())
        {
            // Readable by the daemon's user (nobody), whatever this process's umask.
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
        try
        {
            var (code, stdout, stderr) = Run(Command(virsh, "-c", uri ?? "qemu:///session", "domxml-to-native", "qemu-argv", file), VirshTimeout, "virsh");
            return code == 0 ? stdout : throw Failed(
                $"virsh domxml-to-native failed (status {code}): {FirstLine(stderr)}",
                "libvirt rejects models and features its cpu_map does not know; check the libvirt target's release");
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>A minimal TCG domain holding the element: libvirt's translation of &lt;cpu&gt; does not depend on the rest.</summary>
    public static string DomainWith(string cpuElement) =>
        "<domain type='qemu'><name>cpupolicy-probe</name><memory unit='MiB'>32</memory>"
        + "<os><type arch='x86_64' machine='pc'>hvm</type></os>" + cpuElement + "</domain>";

    public void Dispose()
    {
        if (daemon is { } d)
        {
            try
            {
                if (!d.HasExited)
                {
                    d.Kill(); // our daemon (or the setpriv that became it), by its own handle
                    d.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException)
            {
                // It exited between the check and the kill.
            }

            d.Dispose();
            daemon = null;
        }

        if (home is not null)
        {
            RemoveFolder(home);
        }
    }

    /// <summary>
    /// Deletes the daemon's folder. Its helper processes may still be writing pid files for a moment after the
    /// daemon died, so a failed attempt is retried briefly; a leftover in the temp folder is harmless.
    /// </summary>
    private static void RemoveFolder(string folder)
    {
        for (var attempt = 0; attempt < 20 && Directory.Exists(folder); attempt++)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Thread.Sleep(50);
            }
        }
    }

    private void WaitForSocket()
    {
        var socket = Path.Combine(home!, "run", "libvirt", "libvirt-sock");
        var clock = Stopwatch.StartNew();
        while (!File.Exists(socket))
        {
            if (daemon!.HasExited)
            {
                throw Failed($"the private libvirt daemon exited with status {daemon.ExitCode} before it was ready");
            }

            if (clock.Elapsed > DaemonStart)
            {
                throw Failed($"the private libvirt daemon was not ready after {DaemonStart.TotalSeconds:0} s");
            }

            Thread.Sleep(50);
        }
    }

    /// <summary>A command in the daemon's environment: its XDG folders, and as nobody when this process is root.</summary>
    private ProcessStartInfo Command(string program, params string[] arguments)
    {
        ProcessStartInfo info;
        if (home is null)
        {
            info = new ProcessStartInfo(program);
        }
        else if (setpriv is not null)
        {
            info = new ProcessStartInfo(setpriv);
            foreach (var a in new[] { $"--reuid={Nobody}", $"--regid={Nobody}", "--clear-groups", "env",
                         $"HOME={home}", $"XDG_RUNTIME_DIR={home}/run", $"XDG_CONFIG_HOME={home}/config", $"XDG_CACHE_HOME={home}/cache", program })
            {
                info.ArgumentList.Add(a);
            }
        }
        else
        {
            info = new ProcessStartInfo(program);
            info.Environment["HOME"] = home;
            info.Environment["XDG_RUNTIME_DIR"] = Path.Combine(home, "run");
            info.Environment["XDG_CONFIG_HOME"] = Path.Combine(home, "config");
            info.Environment["XDG_CACHE_HOME"] = Path.Combine(home, "cache");
        }

        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        info.UseShellExecute = false;
        return info;
    }

    private static (int Code, string Stdout, string Stderr) Run(ProcessStartInfo info, TimeSpan timeout, string what)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        using var process = Process.Start(info) ?? throw Failed($"`{what}` could not be started");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill();
            process.WaitForExit();
            throw Failed($"`{what}` did not finish within {timeout.TotalSeconds:0} s");
        }

        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string Require(string tool) => ToolLocator.Find(tool) ?? throw new DiagnosticException(DiagnosticCatalog.ProbeToolMissing.Create(
        SourceSpan.WholeFile(Span),
        $"`{tool}` was not found; `--libvirt` needs libvirt's own translation",
        "install libvirt (Debian: `apt-get install libvirt-clients libvirt-daemon libvirt-daemon-driver-qemu`)"));

    private static string FirstLine(string text) =>
        text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "(no message)";

    private static DiagnosticException Failed(string message, string? hint = null) =>
        new(DiagnosticCatalog.ProbeLibvirtFailed.Create(SourceSpan.WholeFile(Span), message, hint));
}
