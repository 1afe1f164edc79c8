using System.Net.Sockets;
using System.Text;

namespace Cpupolicy.Hooks;

/// <summary>
/// Writes a hook's decision line to stderr (libvirt copies a failing hook's stderr into its error message and log;
/// XAPI records it) and to syslog/the journal through the <c>/dev/log</c> datagram socket, in the local syslog format
/// <c>&lt;PRI&gt;cpupolicy[PID]: MESSAGE</c> (facility daemon) that both journald and rsyslog accept. No socket
/// (a container, a test) is not an error: the line still goes to stderr. <c>CPUPOLICY_SYSLOG_SOCKET</c> points
/// elsewhere, or turns syslog off when set to <c>none</c>.
/// </summary>
public sealed class HookLog
{
    public const string SocketVariable = "CPUPOLICY_SYSLOG_SOCKET";
    public const string DefaultSocket = "/dev/log";
    public const string Tag = "cpupolicy";

    private const int FacilityDaemon = 3;

    private readonly TextWriter stderr;
    private readonly string? socketPath;

    public HookLog(TextWriter stderr, string? socketPath)
    {
        this.stderr = stderr;
        this.socketPath = socketPath;
    }

    public static HookLog FromEnvironment(TextWriter stderr, Func<string, string?> env)
    {
        var socket = env(SocketVariable);
        return new HookLog(stderr, socket switch
        {
            null or "" => DefaultSocket,
            "none" => null,
            _ => socket,
        });
    }

    /// <summary>Logs the outcome's line, if it has one.</summary>
    public void Write(HookOutcome outcome)
    {
        if (outcome.Line is { } line)
        {
            Write(outcome.Level, line);
        }
    }

    public void Write(HookLogLevel level, string line)
    {
        try
        {
            stderr.WriteLine($"{Tag}: {line}");
            stderr.Flush();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            // stderr closed (found by tests/Reliability): syslog below may still get the line; the answer is the exit code.
        }

        if (socketPath is null)
        {
            return;
        }

        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));
            socket.Send(Encoding.UTF8.GetBytes($"<{(FacilityDaemon * 8) + (int)level}>{Tag}[{Environment.ProcessId}]: {line}"));
        }
        catch (Exception e) when (e is SocketException or IOException or ArgumentException or UnauthorizedAccessException)
        {
            // No syslog here: stderr already has the line, and a hook must not fail for want of a logger.
        }
    }
}
