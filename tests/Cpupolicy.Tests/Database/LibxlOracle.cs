using System.Text.Json.Nodes;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Database;

/// <summary>
/// tests/oracles/libxl_cpuid_dump.c, compiled once per test run into a temporary folder with gcc against the
/// installed libxenlight (4.17.7 on Debian 12). <see cref="Parse"/> feeds it xl.cfg `cpuid=` strings and returns
/// libxl's own JSON for each. Skips (outside CI) when gcc or the libxl headers are missing.
/// </summary>
public sealed class LibxlOracle
{
    private static readonly Lazy<LibxlOracle> Built = new(Build);

    private LibxlOracle(string path)
    {
        Path = path;
    }

    /// <summary>The compiled oracle executable.</summary>
    public string Path { get; }

    public static string Source => System.IO.Path.Combine(RepoData.RepoRoot, "tests", "oracles", "libxl_cpuid_dump.c");

    /// <summary>The oracle, building it on first use; skips/fails the test when it cannot be built here.</summary>
    public static LibxlOracle Require()
    {
        Peers.RequireExecutable("gcc");
        Peers.RequireOrSkip(File.Exists("/usr/include/libxl.h") && File.Exists("/usr/include/libxl_json.h"),
            "libxenlight headers (/usr/include/libxl.h) were not found");
        Peers.RequireOrSkip(File.Exists("/usr/include/yajl/yajl_gen.h"), "yajl headers (/usr/include/yajl) were not found");
        return Built.Value;
    }

    /// <summary>
    /// One JSON object per config, in order: <c>{"cpuid":[...],"msr":[...]}</c> or <c>{"error":N,"token":"..."}</c>.
    /// <paramref name="xend"/> selects the xend list-item syntax.
    /// </summary>
    public IReadOnlyList<JsonObject> Parse(IReadOnlyList<string> configs, bool xend = false)
    {
        var args = xend ? configs.Prepend("-x") : configs;
        var (code, stdout, stderr) = ChildProcess.Peer(Path, args);
        Assert.True(code is 0 or 1, $"libxl_cpuid_dump failed ({code}): {stderr}");
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(configs.Count, lines.Length);
        return lines.Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
    }

    private static LibxlOracle Build()
    {
        var dir = Directory.CreateTempSubdirectory("cpupolicy-libxl-oracle-").FullName;
        var exe = System.IO.Path.Combine(dir, "libxl_cpuid_dump");
        var (code, _, stderr) = ChildProcess.Peer("gcc", ["-O2", "-Wall", "-Werror", "-o", exe, Source, "-lxenlight", "-lyajl"]);
        Assert.True(code == 0, $"gcc could not build {Source}: {stderr}");
        return new LibxlOracle(exe);
    }
}
