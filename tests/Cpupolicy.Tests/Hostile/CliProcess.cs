using System.Diagnostics;
using System.Text;

namespace Cpupolicy.Tests.Hostile;

/// <summary>
/// Runs the built CLI (<c>dotnet cpupolicy.dll</c>, beside the test binaries) as a separate process: a hostile input
/// may crash a process outright (a stack overflow cannot be caught), which must fail one test, not the test run.
/// The child's GC heap is capped so unbounded memory use shows as a failure, and a deadline turns a hang into a
/// failure (the process is killed).
/// </summary>
public static class CliProcess
{
    /// <summary>
    /// The hang guard, not a performance bound: a run may use at most this much CPU (<see cref="HostileAssert"/>), and
    /// is killed after <see cref="WallFactor"/> times as long on the clock, which a loaded machine needs.
    /// </summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public const int WallFactor = 3;

    /// <summary>The child's GC heap limit: far above what a 64 MiB input needs, far below the machine's memory.</summary>
    public const string HeapLimit = "0xC0000000";

    public static string CliDll => Path.Combine(AppContext.BaseDirectory, "cpupolicy.dll");

    public static CliRun Run(string workDir, IReadOnlyDictionary<string, string>? env, byte[]? stdin, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workDir,
        };
        info.ArgumentList.Add(CliDll);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["DOTNET_GCHeapHardLimit"] = HeapLimit;
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["CPUPOLICY_SYSLOG_SOCKET"] = "none";
        info.Environment.Remove("CPUPOLICY_DEBUG");
        foreach (var (key, value) in env ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start dotnet");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            if (stdin is not null)
            {
                process.StandardInput.BaseStream.Write(stdin);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The CLI may exit (rejecting the input) before reading all of it: a closed pipe is its right.
        }

        // Linux forgets a process's CPU time once it is reaped, so it is sampled while the process runs (the last
        // sample is at most a poll interval old: plenty for a hang guard).
        var cpu = TimeSpan.Zero;
        while (!process.WaitForExit(TimeSpan.FromMilliseconds(100)))
        {
            cpu = Sample(process, cpu);
            if (clock.Elapsed > Deadline * WallFactor)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                return new CliRun(-1, stdout.Result, stderr.Result, clock.Elapsed, cpu, TimedOut: true);
            }
        }

        process.WaitForExit();
        return new CliRun(process.ExitCode, stdout.Result, stderr.Result, clock.Elapsed, cpu, TimedOut: false);
    }

    private static TimeSpan Sample(Process process, TimeSpan last)
    {
        try
        {
            return process.TotalProcessorTime;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // The process exited between the check and the read (/proc entry gone): keep the last sample.
            return last;
        }
    }

    public static CliRun Run(string workDir, params string[] args) => Run(workDir, null, null, args);

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
