using System.Diagnostics;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Hooks;

/// <summary>
/// Runs a program the way a hypervisor runs a hook: arguments one by one, a chosen environment (plus PATH and HOME),
/// stdin fed by the caller (or held open and never written, to prove the time bound), and a hard deadline after which
/// the test fails rather than hangs. <see cref="Cpupolicy"/> runs the built CLI with <c>dotnet cpupolicy.dll</c>.
/// </summary>
public static class ChildProcess
{
    /// <summary>The built CLI beside the test binaries (the test project references it).</summary>
    public static string CliDll => Path.Combine(AppContext.BaseDirectory, "cpupolicy.dll");

    public static string Dotnet => Peers.FindExecutable("dotnet") ?? "/usr/bin/dotnet";

    public static ProcessResult Cpupolicy(IReadOnlyDictionary<string, string?> env, Func<Stream, Task>? stdin, TimeSpan deadline, params string[] args) =>
        Run(Dotnet, [CliDll, .. args], env, stdin, deadline);

    public static ProcessResult Run(string program, IReadOnlyList<string> args, IReadOnlyDictionary<string, string?> env, Func<Stream, Task>? stdin, TimeSpan deadline)
    {
        var info = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment.Clear();
        info.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        info.Environment["HOME"] = Environment.GetEnvironmentVariable("HOME") ?? "/tmp";
        info.Environment["LC_ALL"] = "C";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in env)
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {program}");
        var stdout = new MemoryStream();
        var copyOut = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var stderr = process.StandardError.ReadToEndAsync();
        var feed = Task.Run(async () =>
        {
            try
            {
                if (stdin is not null)
                {
                    await stdin(process.StandardInput.BaseStream);
                }

                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The child exited without reading everything (it is allowed to): a broken pipe.
            }
        });
        var peak = 0L;
        var status = $"/proc/{process.Id}/status";
        var sampler = Task.Run(() =>
        {
            while (!process.HasExited)
            {
                try
                {
                    var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
                    if (line is not null && long.TryParse(line["VmHWM:".Length..].Trim().Split(' ')[0], out var kib))
                    {
                        peak = Math.Max(peak, kib);
                    }
                }
                catch (IOException)
                {
                    // Exited between the check and the read.
                }

                Thread.Sleep(5);
            }
        });
        if (!process.WaitForExit(deadline))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"`{program} {string.Join(' ', args)}` did not finish within {deadline}");
        }

        process.WaitForExit();
        var elapsed = watch.Elapsed;
        copyOut.Wait(TimeSpan.FromSeconds(10));
        feed.Wait(TimeSpan.FromSeconds(1)); // a feeder that holds stdin open on purpose is abandoned
        sampler.Wait(TimeSpan.FromSeconds(10));
        return new ProcessResult(process.ExitCode, stdout.ToArray(), stderr.Result, elapsed, peak);
    }

    public static Func<Stream, Task> Bytes(byte[] bytes) => async s => await s.WriteAsync(bytes);

    public static Func<Stream, Task> Text(string text) => Bytes(System.Text.Encoding.UTF8.GetBytes(text));
}
