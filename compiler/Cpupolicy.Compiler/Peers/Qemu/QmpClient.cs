using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cpupolicy.Compiler.Peers.Qemu;

/// <summary>
/// A minimal QMP client over a QEMU process's stdio (<c>-qmp stdio</c>): starts QEMU, negotiates capabilities, sends
/// one command at a time and returns its <c>return</c> value. Asynchronous events are skipped (kept in
/// <see cref="Events"/>). QEMU's stderr (warnings such as "TCG doesn't support requested feature") is collected in
/// <see cref="StandardError"/>. Disposing sends <c>quit</c> and kills QEMU if it does not exit promptly.
/// </summary>
/// <example>
/// <code>
/// using var qmp = QmpClient.Start("qemu-system-x86_64", ["-machine", "none", "-accel", "tcg", "-nodefaults", "-display", "none"]);
/// var defs = qmp.Execute("query-cpu-definitions");
/// </code>
/// </example>
public sealed class QmpClient : IDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private readonly Process process;
    private readonly StringBuilder stderr = new();
    private readonly List<JsonObject> events = [];
    private bool disposed;

    private QmpClient(Process process, JsonObject greeting)
    {
        this.process = process;
        Greeting = greeting;
    }

    /// <summary>The QMP greeting (<c>{"QMP": {"version": ..., "capabilities": [...]}}</c>).</summary>
    public JsonObject Greeting { get; }

    /// <summary>QEMU's version from the greeting, e.g. (7, 2, 22).</summary>
    public (int Major, int Minor, int Micro) Version
    {
        get
        {
            var q = Greeting["QMP"]?["version"]?["qemu"];
            return ((int?)q?["major"] ?? 0, (int?)q?["minor"] ?? 0, (int?)q?["micro"] ?? 0);
        }
    }

    /// <summary>The distribution's package string from the greeting (e.g. "Debian 1:7.2+dfsg-7+deb12u18+b3"), or "".</summary>
    public string Package => (string?)Greeting["QMP"]?["version"]?["package"] ?? string.Empty;

    /// <summary>Events QEMU sent while commands were running, in arrival order.</summary>
    public IReadOnlyList<JsonObject> Events => events;

    /// <summary>Everything QEMU wrote to stderr so far.</summary>
    public string StandardError
    {
        get
        {
            lock (stderr)
            {
                return stderr.ToString();
            }
        }
    }

    public bool HasExited => process.HasExited;

    /// <summary>Per-command timeout; QEMU is considered hung after it.</summary>
    public TimeSpan Timeout { get; set; } = DefaultTimeout;

    /// <summary>
    /// Starts <paramref name="qemu"/> with <paramref name="arguments"/> plus <c>-qmp stdio</c>, reads the greeting and
    /// enters command mode (<c>qmp_capabilities</c>).
    /// </summary>
    public static QmpClient Start(string qemu, IEnumerable<string> arguments)
    {
        var psi = new ProcessStartInfo(qemu)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        psi.ArgumentList.Add("-qmp");
        psi.ArgumentList.Add("stdio");
        var process = Process.Start(psi) ?? throw new QmpException($"cannot start {qemu}");
        var log = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (log)
                {
                    log.AppendLine(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
        JsonObject greeting;
        try
        {
            greeting = ReadMessage(process, DefaultTimeout, "greeting", () => log.ToString())
                ?? throw new QmpException("QEMU closed its QMP channel before the greeting: " + log);
        }
        catch
        {
            Kill(process);
            process.Dispose();
            throw;
        }

        var client = new QmpClient(process, greeting);
        client.stderr.Append(log);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (client.stderr)
                {
                    client.stderr.AppendLine(e.Data);
                }
            }
        };
        client.Execute("qmp_capabilities");
        return client;
    }

    /// <summary>Runs a command and returns its <c>return</c> value; throws <see cref="QmpException"/> on an error reply.</summary>
    public JsonNode? Execute(string command, JsonObject? arguments = null)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var message = new JsonObject { ["execute"] = command };
        if (arguments is not null)
        {
            message["arguments"] = arguments.DeepClone();
        }

        try
        {
            process.StandardInput.WriteLine(message.ToJsonString());
            process.StandardInput.Flush();
        }
        catch (IOException e)
        {
            throw new QmpException($"QEMU is gone ({command}): {StandardError}", e);
        }

        while (true)
        {
            var reply = ReadMessage(process, Timeout, command, () => StandardError)
                ?? throw new QmpException($"QEMU exited during `{command}`: {StandardError.Trim()}", null, command);
            if (reply.ContainsKey("return"))
            {
                return reply["return"];
            }

            if (reply["error"] is JsonObject error)
            {
                throw new QmpException(
                    (string?)error["desc"] ?? "QMP error",
                    (string?)error["class"] ?? "GenericError",
                    command);
            }

            events.Add(reply);
        }
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        try
        {
            if (!process.HasExited)
            {
                process.StandardInput.WriteLine("{\"execute\":\"quit\"}");
                process.StandardInput.Flush();
                process.StandardInput.Close();
                if (!process.WaitForExit(5000))
                {
                    Kill(process);
                }
            }
        }
        catch (IOException)
        {
            Kill(process);
        }
        catch (InvalidOperationException)
        {
            // Already exited between the check and the write.
        }
        finally
        {
            process.Dispose();
        }
    }

    private static JsonObject? ReadMessage(Process process, TimeSpan timeout, string what, Func<string> stderr)
    {
        while (true)
        {
            string? line;
            try
            {
                line = process.StandardOutput.ReadLineAsync().WaitAsync(timeout).GetAwaiter().GetResult();
            }
            catch (TimeoutException)
            {
                Kill(process);
                throw new QmpException($"QEMU did not answer `{what}` within {timeout.TotalSeconds:0}s: {stderr()}", null, what);
            }

            if (line is null)
            {
                return null;
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            return JsonNode.Parse(line) as JsonObject
                ?? throw new QmpException($"unexpected QMP line: {line}", null, what);
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }
    }
}
