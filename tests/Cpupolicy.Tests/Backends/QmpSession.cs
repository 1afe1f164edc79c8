using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Backends;

/// <summary>
/// One QEMU process driven over QMP on stdio (research peers.md): either <c>-machine none</c> for model expansions,
/// or a paused <c>-machine pc</c> vCPU built from a real <c>-cpu</c> argument. Killed (by its own pid) on dispose.
/// </summary>
public sealed class QmpSession : IDisposable
{
    private readonly Process process;
    private readonly System.Text.StringBuilder stderr;

    private QmpSession(Process process, System.Text.StringBuilder stderr)
    {
        this.process = process;
        this.stderr = stderr;
        Read(); // greeting
        Execute("qmp_capabilities");
    }

    /// <summary>QEMU with no machine, for <c>query-cpu-model-expansion</c>.</summary>
    public static QmpSession Expander() =>
        Start(["-machine", "none", "-accel", "tcg", "-nodefaults", "-nographic", "-qmp", "stdio"]);

    /// <summary>A paused TCG machine whose vCPU QEMU builds from <paramref name="cpu"/> (the argument of -cpu).</summary>
    public static QmpSession Machine(string cpu) =>
        Start(["-machine", "pc", "-accel", "tcg", "-nodefaults", "-display", "none", "-S", "-cpu", cpu, "-qmp", "stdio"]);

    /// <summary>Runs a command; returns its <c>return</c> value, or throws with QEMU's error.</summary>
    public JsonNode? Execute(string command, JsonObject? arguments = null)
    {
        var request = new JsonObject { ["execute"] = command };
        if (arguments is not null)
        {
            request["arguments"] = arguments;
        }

        process.StandardInput.WriteLine(request.ToJsonString());
        process.StandardInput.Flush();
        while (true)
        {
            var reply = Read();
            if (reply["return"] is { } value)
            {
                return value;
            }

            if (reply["error"] is { } error)
            {
                throw new InvalidOperationException($"QMP {command}: {error["desc"]}");
            }

            // Anything else is an asynchronous event; keep reading.
        }
    }

    /// <summary>The boolean properties of a full model expansion of <paramref name="model"/> with <paramref name="props"/>.</summary>
    public IReadOnlyDictionary<string, bool> ExpandFull(string model, IReadOnlyDictionary<string, bool> props)
    {
        var propsJson = new JsonObject();
        foreach (var (key, value) in props)
        {
            propsJson[key] = value;
        }

        var result = Execute("query-cpu-model-expansion", new JsonObject
        {
            ["type"] = "full",
            ["model"] = new JsonObject { ["name"] = model, ["props"] = propsJson },
        });
        return result!["model"]!["props"]!.AsObject()
            .Where(p => p.Value is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
            .ToDictionary(p => p.Key, p => p.Value!.GetValue<bool>(), StringComparer.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                process.StandardInput.WriteLine("{\"execute\":\"quit\"}");
                process.StandardInput.Flush();
                if (!process.WaitForExit(5000))
                {
                    process.Kill();
                }
            }
        }
        catch (IOException)
        {
            // QEMU already went away.
        }
        finally
        {
            process.Dispose();
        }
    }

    private static QmpSession Start(string[] arguments)
    {
        var qemu = Peers.RequireQemu();
        var info = new ProcessStartInfo(qemu)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start QEMU");
        var stderr = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        return new QmpSession(process, stderr);
    }

    private JsonNode Read()
    {
        var line = process.StandardOutput.ReadLine();
        if (line is null)
        {
            var code = process.WaitForExit(2000) ? process.ExitCode : -1;
            lock (stderr)
            {
                throw new InvalidOperationException($"QEMU exited (code {code}): {stderr}");
            }
        }

        return JsonNode.Parse(line) ?? throw new InvalidOperationException($"QEMU sent `{line}`");
    }
}
