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
            var args = Quiet.Append($"--window-size={width},{height}").Append($"--user-data-dir={profile.FullName}").Concat(extra).Append(new Uri(page).AbsoluteUri);
            var (_, stdout, stderr) = ChildProcess.Peer(chromium, args, deadline: TimeSpan.FromMinutes(3));
            return (stdout, stderr);
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
