using System.Diagnostics;
using System.Text;

namespace Cpupolicy.Tests.Infrastructure;

/// <summary>
/// The one way the tests run another program: the built CLI, the hook, or a peer (gcc, objdump, python3, ...).
/// Arguments go one by one (no shell), stdin is fed by the caller (or held open and never written, to prove a time
/// bound), stdout is kept as bytes, and every run has a deadline: by default a run that outlives it fails the test
/// rather than hangs it. Named entry points say which kind of run a test wants:
/// <list type="bullet">
/// <item><see cref="Run(string, IReadOnlyList{string}, IReadOnlyDictionary{string, string?}, Func{Stream, Task}?, TimeSpan)"/> and
/// <see cref="Cpupolicy"/>: as a hypervisor runs a hook, from an empty environment (PATH, HOME, LC_ALL=C and the given variables);</item>
/// <item><see cref="HostileCli"/>: the CLI fed hostile input, with a capped GC heap, killed (not failed) at its deadline;</item>
/// <item><see cref="CliAsNobody"/>: the CLI as user <c>nobody</c>, who may not open <c>/dev/kvm</c>;</item>
/// <item><see cref="Peer"/>: a peer program with the test's environment, its output as text.</item>
/// </list>
/// </summary>
public static class ChildProcess
{
    /// <summary>The built CLI beside the test binaries (the test project references it).</summary>
    public static string CliDll => Path.Combine(AppContext.BaseDirectory, "cpupolicy.dll");

    public static string Dotnet => Peers.FindExecutable("dotnet") ?? "/usr/bin/dotnet";

    /// <summary>
    /// The hostile runs' hang guard, not a performance bound: a run may use at most this much CPU
    /// (<c>HostileAssert</c>), and is killed after <see cref="HostileWallFactor"/> times as long on the clock, which a
    /// loaded machine needs.
    /// </summary>
    public static readonly TimeSpan HostileDeadline = TimeSpan.FromSeconds(60);

    public const int HostileWallFactor = 3;

    /// <summary>The hostile runs' GC heap limit: far above what a 64 MiB input needs, far below the machine's memory.</summary>
    public const string HostileHeapLimit = "0xC0000000";

    /// <summary>How to run one child; the defaults are the test's own environment and a five-minute deadline that fails the test.</summary>
    public sealed record Options
    {
        /// <summary>Start from an empty environment (PATH, HOME, LC_ALL=C), as a hypervisor starts a hook, instead of the test's.</summary>
        public bool CleanEnvironment { get; init; }

        /// <summary>Variables to set (a null value removes one).</summary>
        public IReadOnlyDictionary<string, string?> Env { get; init; } = new Dictionary<string, string?>();

        public string? WorkingDirectory { get; init; }

        public Func<Stream, Task>? Stdin { get; init; }

        public TimeSpan Deadline { get; init; } = TimeSpan.FromMinutes(5);

        /// <summary>At the deadline the child is killed; true fails the test there, false returns a result with <see cref="ProcessResult.TimedOut"/>.</summary>
        public bool FailAtDeadline { get; init; } = true;
    }

    /// <summary>Runs a program as a hypervisor runs a hook: an empty environment plus <paramref name="env"/>, failing the test at the deadline.</summary>
    public static ProcessResult Run(string program, IReadOnlyList<string> args, IReadOnlyDictionary<string, string?> env, Func<Stream, Task>? stdin, TimeSpan deadline) =>
        Run(program, args, new Options { CleanEnvironment = true, Env = env, Stdin = stdin, Deadline = deadline });

    /// <summary>The built CLI (<c>dotnet cpupolicy.dll</c>) as a hypervisor runs a hook.</summary>
    public static ProcessResult Cpupolicy(IReadOnlyDictionary<string, string?> env, Func<Stream, Task>? stdin, TimeSpan deadline, params string[] args) =>
        Run(Dotnet, [CliDll, .. args], env, stdin, deadline);

    /// <summary>
    /// The built CLI fed a hostile input, in its own process: a hostile input may crash a process outright (a stack
    /// overflow cannot be caught), which must fail one test, not the test run. The GC heap is capped so unbounded
    /// memory use shows as a failure; a run past the deadline is killed and reported as timed out.
    /// </summary>
    public static ProcessResult HostileCli(string workDir, IReadOnlyDictionary<string, string>? env, byte[]? stdin, params string[] args)
    {
        var variables = new Dictionary<string, string?>
        {
            ["DOTNET_GCHeapHardLimit"] = HostileHeapLimit,
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["CPUPOLICY_SYSLOG_SOCKET"] = "none",
            ["CPUPOLICY_DEBUG"] = null,
        };
        foreach (var (key, value) in env ?? new Dictionary<string, string>())
        {
            variables[key] = value;
        }

        return Run("dotnet", [CliDll, .. args], new Options
        {
            Env = variables,
            WorkingDirectory = workDir,
            Stdin = stdin is null ? null : Bytes(stdin),
            Deadline = HostileDeadline * HostileWallFactor,
            FailAtDeadline = false,
        });
    }

    /// <summary>
    /// The built CLI out of process as user <c>nobody</c>, which may not open <c>/dev/kvm</c> (root:kvm 0660). It keeps only
    /// the right to read and search any file (ambient CAP_DAC_READ_SEARCH), so it can load the built CLI wherever the
    /// checkout is, but not to write a device it does not own.
    /// </summary>
    public static ProcessResult CliAsNobody(params string[] args) =>
        Run(
            "setpriv",
            ["--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=+dac_read_search", "--ambient-caps=+dac_read_search", "--", "dotnet", CliDll, .. args],
            new Options
            {
                Env = new Dictionary<string, string?>
                {
                    ["HOME"] = Path.GetTempPath(),
                    ["DOTNET_CLI_HOME"] = Path.GetTempPath(),
                    ["CPUPOLICY_SYSLOG_SOCKET"] = "none",
                },
                Deadline = TimeSpan.FromSeconds(60),
                FailAtDeadline = false,
            });

    /// <summary>A peer program run to completion with the test's environment: its exit code and output as text.</summary>
    public static (int ExitCode, string Stdout, string Stderr) Peer(string program, IEnumerable<string> arguments, string? stdin = null, TimeSpan? deadline = null)
    {
        var result = Run(program, arguments.ToList(), new Options { Stdin = stdin is null ? null : Text(stdin), Deadline = deadline ?? new Options().Deadline });
        return (result.ExitCode, result.StdoutText, result.Stderr);
    }

    public static ProcessResult Run(string program, IReadOnlyList<string> args, Options options)
    {
        var info = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (options.WorkingDirectory is { } dir)
        {
            info.WorkingDirectory = dir;
        }

        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        if (options.CleanEnvironment)
        {
            info.Environment.Clear();
            info.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
            info.Environment["HOME"] = Environment.GetEnvironmentVariable("HOME") ?? "/tmp";
            info.Environment["LC_ALL"] = "C";
            info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        }

        foreach (var (key, value) in options.Env)
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
                if (options.Stdin is { } write)
                {
                    await write(process.StandardInput.BaseStream);
                }

                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The child exited without reading everything (it is allowed to): a broken pipe.
            }
        });
        var (peak, cpu) = (0L, TimeSpan.Zero);
        var status = $"/proc/{process.Id}/status";
        var sampler = Task.Run(() =>
        {
            for (var i = 0; !process.HasExited; i++)
            {
                try
                {
                    var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
                    if (line is not null && long.TryParse(line["VmHWM:".Length..].Trim().Split(' ')[0], out var kib))
                    {
                        peak = Math.Max(peak, kib);
                    }

                    if (i % 20 == 0)
                    {
                        cpu = process.TotalProcessorTime;
                    }
                }
                catch (Exception e) when (e is IOException or InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    // Exited between the check and the read: keep the last sample.
                }

                Thread.Sleep(5);
            }
        });
        if (!process.WaitForExit(options.Deadline))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            if (options.FailAtDeadline)
            {
                Assert.Fail($"`{program} {string.Join(' ', args)}` did not finish within {options.Deadline}");
            }

            sampler.Wait(TimeSpan.FromSeconds(10));
            copyOut.Wait(TimeSpan.FromSeconds(10));
            return new ProcessResult(-1, stdout.ToArray(), stderr.Result, watch.Elapsed, peak) { Cpu = cpu, TimedOut = true };
        }

        process.WaitForExit();
        var elapsed = watch.Elapsed;
        copyOut.Wait(TimeSpan.FromSeconds(10));
        feed.Wait(TimeSpan.FromSeconds(1)); // a feeder that holds stdin open on purpose is abandoned
        sampler.Wait(TimeSpan.FromSeconds(10));
        return new ProcessResult(process.ExitCode, stdout.ToArray(), stderr.Result, elapsed, peak) { Cpu = cpu };
    }

    public static Func<Stream, Task> Bytes(byte[] bytes) => async s => await s.WriteAsync(bytes);

    public static Func<Stream, Task> Text(string text) => Bytes(Encoding.UTF8.GetBytes(text));
}
