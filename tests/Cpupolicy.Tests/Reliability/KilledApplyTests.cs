using System.Diagnostics;
using Cpupolicy.Tests.Hooks;
using Xunit.Abstractions;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Reliability;

/// <summary>
/// <c>apply libvirt --in-place</c> and <c>apply xl</c> killed with SIGKILL at points spread over a whole run (from
/// before the runtime has loaded to after the rename): the file is the old bytes or the new bytes every time, never
/// empty or partial. A killed run may leave its hidden temp file beside the target (nothing can remove it after
/// SIGKILL); the target itself is what libvirt and xl read.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class KilledApplyTests(ITestOutputHelper output) : IDisposable
{
    private const int Kills = 14;

    private const string XlConfig = "# web tier\nname = \"web-01\"\nmemory = 1024\nvcpus = 2\n";

    private readonly FaultFolder folder = new();

    [Fact]
    public void A_killed_apply_libvirt_in_place_leaves_the_old_or_the_new_file()
    {
        var xml = HookPolicy.Domain("web-01", "<cpu mode='host-passthrough'/>");
        KillRepeatedly("web.xml", xml, bundle => ["apply", "libvirt", "--in-place", folder.Path("web.xml"), "--bundle", bundle]);
    }

    [Fact]
    public void A_killed_apply_xl_leaves_the_old_or_the_new_file()
    {
        KillRepeatedly("web.cfg", XlConfig, bundle => ["apply", "xl", folder.Path("web.cfg"), "--bundle", bundle]);
    }

    public void Dispose() => folder.Dispose();

    private void KillRepeatedly(string file, string oldText, Func<string, string[]> args)
    {
        var bundle = Path.Combine(folder.CompileInto(FaultFolder.OldPolicy, "out"), "bundle.json");
        var path = folder.Write(file, oldText);
        var oldBytes = File.ReadAllBytes(path);

        // One run to the end: the new content and how long a whole run takes here, now.
        var whole = Stopwatch.StartNew();
        var complete = ChildProcess.Cpupolicy(new Dictionary<string, string?>(), null, FaultFolder.Deadline, args(bundle));
        var runTime = whole.Elapsed;
        Assert.True(complete.ExitCode == 0, complete.Stderr);
        var newBytes = File.ReadAllBytes(path);
        Assert.NotEqual(oldBytes, newBytes);

        var random = new Random(19);
        int sawOld = 0, sawNew = 0;
        for (var i = 0; i < Kills; i++)
        {
            File.WriteAllBytes(path, oldBytes);

            // Kill points spread over 0..120 % of a whole run, jittered, so that some land in the write and rename.
            var delay = TimeSpan.FromMilliseconds(runTime.TotalMilliseconds * 1.2 * (i + random.NextDouble()) / Kills);
            using var process = Start(args(bundle));
            Thread.Sleep(delay);
            try
            {
                process.Kill(); // SIGKILL on Unix
            }
            catch (InvalidOperationException)
            {
                // Already exited.
            }

            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)));
            var now = File.ReadAllBytes(path);
            var isOld = now.AsSpan().SequenceEqual(oldBytes);
            var isNew = now.AsSpan().SequenceEqual(newBytes);
            Assert.True(isOld || isNew, $"kill {i} after {delay.TotalMilliseconds:F0} ms left {now.Length} bytes, neither old ({oldBytes.Length}) nor new ({newBytes.Length})");
            sawOld += isOld ? 1 : 0;
            sawNew += isNew ? 1 : 0;
        }

        var leftovers = Directory.GetFiles(folder.Dir, $".{file}.*");
        output.WriteLine($"{file}: whole run {runTime.TotalMilliseconds:F0} ms; {Kills} kills: {sawOld} left the old file, {sawNew} the new one; {leftovers.Length} temp files left by killed runs");
        Assert.All(leftovers, t => Assert.StartsWith(".", Path.GetFileName(t), StringComparison.Ordinal));
    }

    private static Process Start(string[] args)
    {
        var info = new ProcessStartInfo(ChildProcess.Dotnet)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        info.ArgumentList.Add(ChildProcess.CliDll);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["CPUPOLICY_SYSLOG_SOCKET"] = "none";
        var process = Process.Start(info)!;
        process.StandardInput.Close();
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        return process;
    }
}
