using System.Diagnostics;
using System.Globalization;
using Cpupolicy.Compiler.Audit;

// Audit throughput against binutils' `objdump -d` on the same files. Each tool runs every file --runs times after one
// uncounted warm-up, and the medians of wall time and of CPU time (user + system) are kept: on a shared machine the
// CPU time is the steadier figure, so the ratio is taken on it. MB/s counts the bytes of executable sections (what
// both tools decode). objdump writes its listing to /dev/null, so its cost is decoding plus formatting, which is what
// `objdump -d | grep` costs a user.
var runs = 5;
var files = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--runs" && i + 1 < args.Length)
    {
        runs = int.Parse(args[++i], CultureInfo.InvariantCulture);
    }
    else
    {
        files.Add(args[i]);
    }
}

if (files.Count == 0)
{
    files.AddRange(new[]
    {
        "/usr/lib/x86_64-linux-gnu/libcrypto.so.3",
        "/usr/lib/x86_64-linux-gnu/libssl.so.3",
        "/usr/lib/x86_64-linux-gnu/libc.so.6",
        "/usr/bin/x86_64-linux-gnu-objdump",
    }.Where(File.Exists));
}

var auditor = BinaryAuditor.Default;
var self = Process.GetCurrentProcess();
Console.WriteLine($"audit vs objdump -d: median of {runs} runs; {Environment.ProcessorCount} CPUs; .NET {Environment.Version}; {DateTime.UtcNow:yyyy-MM-dd}");
Console.WriteLine($"{"file",-26} {"code MB",8} {"audit wall",11} {"cpu",7} {"MB/s cpu",9} {"objdump wall",13} {"cpu",7} {"MB/s cpu",9} {"ratio cpu",10} {"ratio wall",11}");
double totalCode = 0;
(double Wall, double Cpu) totalAudit = default, totalObjdump = default;
foreach (var file in files)
{
    var audit = auditor.AuditFile(file);
    if (audit.Error is { } error)
    {
        Console.WriteLine($"{file}: {error.Message}");
        continue;
    }

    var codeMb = audit.Code.CodeBytes / 1e6;
    var a = Median(runs, () =>
    {
        self.Refresh();
        var before = self.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        auditor.AuditFile(file);
        var wall = clock.Elapsed.TotalSeconds;
        self.Refresh();
        return (wall, (self.TotalProcessorTime - before).TotalSeconds);
    });
    var o = Median(runs, () => Objdump(file));
    totalCode += codeMb;
    totalAudit = (totalAudit.Wall + a.Wall, totalAudit.Cpu + a.Cpu);
    totalObjdump = (totalObjdump.Wall + o.Wall, totalObjdump.Cpu + o.Cpu);
    Row(Path.GetFileName(file), codeMb, a, o);
}

Row("all", totalCode, totalAudit, totalObjdump);
return 0;

static void Row(string name, double codeMb, (double Wall, double Cpu) a, (double Wall, double Cpu) o) =>
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"{name,-26} {codeMb,8:F2} {a.Wall,10:F3}s {a.Cpu,6:F3}s {codeMb / a.Cpu,9:F1} {o.Wall,12:F3}s {o.Cpu,6:F3}s {codeMb / o.Cpu,9:F1} {o.Cpu / a.Cpu,9:F1}x {o.Wall / a.Wall,10:F1}x"));

static (double Wall, double Cpu) Median(int runs, Func<(double Wall, double Cpu)> measure)
{
    measure();
    var samples = Enumerable.Range(0, runs).Select(_ => measure()).ToList();
    return (samples.Select(s => s.Wall).Order().ElementAt(runs / 2), samples.Select(s => s.Cpu).Order().ElementAt(runs / 2));
}

// bash's `times` reports the CPU time of the finished child, which .NET cannot read once the process is gone.
static (double Wall, double Cpu) Objdump(string file)
{
    var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, UseShellExecute = false };
    foreach (var a in new[] { "-c", "objdump -d \"$1\" >/dev/null || exit 1; times", "bench", file })
    {
        info.ArgumentList.Add(a);
    }

    var clock = Stopwatch.StartNew();
    using var process = Process.Start(info) ?? throw new InvalidOperationException("bash did not start");
    var output = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    var wall = clock.Elapsed.TotalSeconds;
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"objdump -d {file} failed");
    }

    // `times` prints the shell's own user/system times, then its children's: "0m1.234s 0m0.056s".
    var children = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1].Split(' ');
    return (wall, Seconds(children[0]) + Seconds(children[1]));
}

static double Seconds(string minutesSeconds)
{
    var m = minutesSeconds.IndexOf('m', StringComparison.Ordinal);
    return (int.Parse(minutesSeconds[..m], CultureInfo.InvariantCulture) * 60)
        + double.Parse(minutesSeconds[(m + 1)..].TrimEnd('s'), CultureInfo.InvariantCulture);
}
