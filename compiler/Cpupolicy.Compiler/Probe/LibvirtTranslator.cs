using Cpupolicy.Compiler.Peers.Libvirt;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Core.IO;

namespace Cpupolicy.Compiler.Probe;

/// <summary>
/// Asks the real libvirt what QEMU <c>-cpu</c> a libvirt <c>&lt;cpu&gt;</c> element becomes
/// (<c>virsh domxml-to-native qemu-argv</c>), so the probe tests libvirt's own translation rather than ours. It talks to
/// a given connection URI, or to a private session daemon it starts itself (<see cref="PrivateLibvirtDaemon"/>, the one
/// launcher the tests use too: its own XDG folders under a temp dir, as nobody when this process is root, stopped by
/// its pid and removed by <see cref="Dispose"/>). Failures become CP09xx diagnostics here.
/// </summary>
public sealed class LibvirtTranslator : IDisposable
{
    private const string Span = "<libvirt>";

    private static readonly TimeSpan DaemonStart = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DaemonIdleExit = TimeSpan.FromSeconds(300);
    private static readonly TimeSpan VirshTimeout = TimeSpan.FromSeconds(60);

    private readonly string? uri;
    private readonly string virsh;
    private readonly PrivateLibvirtDaemon? daemon;

    private LibvirtTranslator(string virsh, string? uri, PrivateLibvirtDaemon? daemon)
    {
        this.virsh = virsh;
        this.uri = uri;
        this.daemon = daemon;
    }

    /// <summary>A translator over an existing libvirt connection (e.g. <c>qemu:///system</c>).</summary>
    public static LibvirtTranslator ForUri(string uri) => new(Require("virsh"), uri, null);

    /// <summary>A translator over a private session daemon, started now (the first translation probes QEMU, ~2 s).</summary>
    public static LibvirtTranslator StartPrivateDaemon()
    {
        var virsh = Require("virsh");
        var libvirtd = Require("libvirtd");
        var setpriv = Environment.IsPrivilegedProcess ? Require("setpriv") : null;
        var daemon = PrivateLibvirtDaemon.Create("cpupolicy-probe-libvirt-", setpriv);
        try
        {
            // The daemon's own --timeout ends it should this process die before Dispose.
            daemon.Start(libvirtd, DaemonIdleExit, DaemonStart);
            return new LibvirtTranslator(virsh, null, daemon);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            daemon.Dispose();
            throw Failed(e.Message);
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

    /// <summary>
    /// The <c>-cpu</c> value (with the CPU's <c>-global</c> properties folded in) libvirt generates for an aarch64
    /// artifact in a domain of <paramref name="domainType"/> (<c>qemu</c>: TCG, <c>kvm</c>).
    /// </summary>
    public string CpuForArm64(string artifact, string domainType)
    {
        var argv = DomxmlToNative(Arm64.Arm64LibvirtDomain.With(artifact, domainType));
        return Arm64.Arm64LibvirtDomain.CpuOf(argv) ?? throw Failed(
            "libvirt's QEMU command line for the aarch64 artifact has no -cpu",
            "libvirt passes no -cpu for a <cpu> without a mode; the artifact should give one");
    }

    /// <summary>What <c>virsh domxml-to-native qemu-argv</c> prints for a domain XML.</summary>
    public string DomxmlToNative(string domainXml)
    {
        var folder = daemon?.Home ?? Path.GetTempPath();
        var file = Path.Combine(folder, $"domain-{Guid.NewGuid():N}.xml");
        File.WriteAllText(file, domainXml);
        if (!OperatingSystem.IsWindows())
        {
            // Readable by the daemon's user (nobody), whatever this process's umask.
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        try
        {
            string[] arguments = ["-c", uri ?? "qemu:///session", "domxml-to-native", "qemu-argv", file];
            var command = daemon is null ? BoundedProcess.Command(virsh, arguments) : daemon.Command(virsh, arguments);
            ProcessOutput result;
            try
            {
                result = PrivateLibvirtDaemon.Run(command, VirshTimeout);
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException)
            {
                throw Failed(e.Message);
            }

            return result.ExitCode == 0 ? result.Stdout : throw Failed(
                $"virsh domxml-to-native failed (status {result.ExitCode}): {FirstLine(result.Stderr)}",
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

    public void Dispose() => daemon?.Dispose();

    private static string Require(string tool) => ToolLocator.Find(tool) ?? throw new DiagnosticException(DiagnosticCatalog.ProbeToolMissing.Create(
        SourceSpan.WholeFile(Span),
        $"`{tool}` was not found; `--libvirt` needs libvirt's own translation",
        "install libvirt (Debian: `apt-get install libvirt-clients libvirt-daemon libvirt-daemon-driver-qemu`)"));

    private static string FirstLine(string text) =>
        text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "(no message)";

    private static DiagnosticException Failed(string message, string? hint = null) =>
        new(DiagnosticCatalog.ProbeLibvirtFailed.Create(SourceSpan.WholeFile(Span), message, hint));
}
