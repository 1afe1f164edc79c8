using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Audit;

/// <summary>
/// Builds small C programs with the system gcc into a temporary directory (removed on dispose). Outside CI a missing
/// gcc skips the test; in CI it fails (<see cref="Peers"/>). Start it inside the test method so that the skip counts.
/// </summary>
public sealed class Gcc : IDisposable
{
    private readonly string gcc;

    private Gcc(string gcc)
    {
        this.gcc = gcc;
        Directory = System.IO.Directory.CreateTempSubdirectory("cpupolicy-audit-").FullName;
    }

    public string Directory { get; }

    public static Gcc Start() => new(Peers.RequireExecutable("gcc"));

    /// <summary>Compiles <paramref name="source"/> (C) with <paramref name="flags"/> and returns the output's path.</summary>
    public string Build(string name, string source, params string[] flags)
    {
        var c = Path.Combine(Directory, name + ".c");
        File.WriteAllText(c, source);
        var output = Path.Combine(Directory, name);
        Run(gcc, [.. flags, c, "-o", output]);
        return output;
    }

    /// <summary>An object file (<c>-c</c>): exactly the compiled code, with no C library start-up code around it.</summary>
    public string Object(string name, string source, params string[] flags) =>
        Build(name + ".o", source, ["-O2", "-fno-asynchronous-unwind-tables", "-c", .. flags]);

    public static string Run(string program, IEnumerable<string> arguments)
    {
        var args = arguments.ToList();
        var (exitCode, stdout, stderr) = ChildProcess.Peer(program, args);
        Assert.True(exitCode == 0, $"{program} {string.Join(' ', args)} failed ({exitCode}):\n{stderr}");
        return stdout;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless; never fail a test over it.
        }
    }
}
