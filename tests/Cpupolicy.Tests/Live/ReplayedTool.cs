using Cpupolicy.Cli;
using Cpupolicy.Cli.Infrastructure;
using Cpupolicy.Tests.Cli;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Live;

/// <summary>
/// A platform tool replaced by <c>replay-tool</c> over one folder of <c>Recorded/</c>: a launcher in a temporary
/// folder, named by the tool's variable (<c>CPUPOLICY_XE</c>, ...), passed to the CLI run in-process through its own
/// environment (never the process's, so parallel tests do not meet).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ReplayedTool : IDisposable
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), "cpupolicy-replay-" + Guid.NewGuid().ToString("N"));

    public ReplayedTool(string variable, string recording)
    {
        Directory.CreateDirectory(dir);
        Log = Path.Combine(dir, "calls");
        File.WriteAllText(Log, string.Empty);
        var launcher = Path.Combine(dir, "tool");
        File.WriteAllText(launcher, $"#!/bin/sh\nREPLAY_DIR='{Recorded(recording)}' REPLAY_LOG='{Log}' exec sh '{Script}' \"$@\"\n");
        File.SetUnixFileMode(launcher, (UnixFileMode)0b111_101_101);
        Env = new Dictionary<string, string>(StringComparer.Ordinal) { [variable] = launcher };
    }

    public static string Script => Path.Combine(RepoData.RepoRoot, "tests", "Cpupolicy.Tests", "Live", "replay-tool");

    public static string Recorded(string name) => Path.Combine(RepoData.RepoRoot, "tests", "Cpupolicy.Tests", "Live", "Recorded", name);

    public Dictionary<string, string> Env { get; }

    public string Log { get; }

    public IReadOnlyList<string> Calls => File.ReadAllLines(Log);

    public CliResult Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var io = new CliIo(stdout, stderr, new StringReader(string.Empty), StdoutIsTerminal: false) { Env = name => Env.GetValueOrDefault(name) };
        var code = CliApp.Run(args, io);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }
}
