using System.Diagnostics;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Analyses;

/// <summary>
/// Headless Chromium, offline: no network, no sync, no first-run UI, a throw-away profile. Used to render the HTML
/// report the way an admin's browser would.
/// </summary>
public static class Chromium
{
    private static readonly string[] Quiet =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    /// <summary>Runs Chromium on a page in a 1280 x 900 window with extra arguments; returns stdout and stderr.</summary>
    public static (string Stdout, string Stderr) Run(string page, params string[] extra) => RunAt(1280, 900, page, extra);

    /// <summary>Runs Chromium on a page in a window of the given size (CSS pixels) with extra arguments.</summary>
    public static (string Stdout, string Stderr) RunAt(int width, int height, string page, params string[] extra)
    {
        var chromium = File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium" : Peers.RequireExecutable("chromium");
        var profile = Directory.CreateTempSubdirectory("cpupolicy-chromium-");
        try
        {
            var info = new ProcessStartInfo(chromium) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in Quiet.Append($"--window-size={width},{height}").Append($"--user-data-dir={profile.FullName}").Concat(extra).Append(new Uri(page).AbsoluteUri))
            {
                info.ArgumentList.Add(a);
            }

            using var process = Process.Start(info)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("chromium did not finish within 3 minutes");
            }

            return (stdout.Result, stderr.Result);
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
