using Cpupolicy.Cli;
using Cpupolicy.Cli.Infrastructure;
using Cpupolicy.Tests.Live;

namespace Cpupolicy.Tests.Diagnostics;

// The live analyses' platform tools (`xe`, `virsh`, `kubectl`), replaced by `replay-tool` over output crafted in the
// workspace, and the CLI run in process with an environment of its own (never the process's: rows run in parallel).
public sealed partial class CaseWorkspace
{
    /// <summary>
    /// The environment that points <paramref name="variable"/> (<c>CPUPOLICY_XE</c>, ...) at <see cref="ReplayedTool.Script"/>
    /// replaying <paramref name="recorded"/>: each entry is the tool's arguments joined by spaces and what it prints.
    /// Arguments not recorded fail with exit 1, as the real tool does on a command it rejects.
    /// </summary>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public IReadOnlyDictionary<string, string> Replay(string variable, params (string Args, string Output)[] recorded)
    {
        var dir = Directory.CreateDirectory(Path.Combine(Dir, "replay-" + variable)).FullName;
        var index = new List<string>();
        foreach (var (args, output) in recorded)
        {
            var file = $"out-{index.Count}.txt";
            File.WriteAllText(Path.Combine(dir, file), output);
            index.Add($"{args}\t{file}");
        }

        File.WriteAllLines(Path.Combine(dir, "index"), index);
        var launcher = Script($"tool-{variable}", $"REPLAY_DIR='{dir}' exec sh '{ReplayedTool.Script}' \"$@\"");
        return new Dictionary<string, string>(StringComparer.Ordinal) { [variable] = launcher };
    }

    /// <summary>The codes the CLI printed, run in process with <paramref name="env"/> as its whole environment.</summary>
    public static IReadOnlyList<string> Cli(IReadOnlyDictionary<string, string> env, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var io = new CliIo(stdout, stderr, new StringReader(string.Empty), StdoutIsTerminal: false) { Env = name => env.GetValueOrDefault(name) };
        CliApp.Run(args, io);
        return CodesIn(stderr + "\n" + stdout);
    }
}
