using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Core.IO;

namespace Cpupolicy.Compiler.Analyses.Live;

/// <summary>
/// A platform's own command-line tool (<c>xe</c>, <c>virsh</c>, <c>kubectl</c>), run with its arguments one by one
/// (never through a shell) and a time bound. Each tool can be pointed at a stand-in through an environment variable
/// (<c>CPUPOLICY_XE</c>, <c>CPUPOLICY_VIRSH</c>, <c>CPUPOLICY_KUBECTL</c>): tests replay recorded output that way.
/// </summary>
public sealed class LiveTool
{
    private const int MaxOutputChars = 16 * 1024 * 1024;

    public LiveTool(string name, string program, TimeSpan timeout)
    {
        Name = name;
        Program = program;
        Timeout = timeout;
    }

    /// <summary>The tool's usual name (<c>xe</c>), for messages.</summary>
    public string Name { get; }

    public string Program { get; }

    public TimeSpan Timeout { get; }

    /// <summary>The tool named <paramref name="name"/>, or the program <paramref name="variable"/> names; 120 s per run unless <c>CPUPOLICY_TOOL_TIMEOUT</c> says otherwise.</summary>
    public static LiveTool FromEnvironment(string name, string variable, Func<string, string?> env) =>
        new(
            name,
            env(variable) is { Length: > 0 } p ? p : name,
            double.TryParse(env("CPUPOLICY_TOOL_TIMEOUT"), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var s) && s > 0 && s < 3600
                ? TimeSpan.FromSeconds(s)
                : TimeSpan.FromSeconds(120));

    /// <summary>Runs the tool and returns what it printed on stdout; CP0840 when it cannot start, times out or fails.</summary>
    public string Run(params IReadOnlyList<string> arguments)
    {
        var output = BoundedProcess.Run(
            BoundedProcess.Command(Program, arguments),
            Timeout,
            MaxOutputChars,
            reason => reason is null
                ? Failed($"cannot run `{Program}`", null)
                : Failed($"cannot run `{Program}`: {reason}", $"is {Name} installed and on PATH? run cpupolicy where {Name} works"),
            () => Failed($"`{Describe(arguments)}` did not finish within {Timeout.TotalSeconds:0} s", $"does `{Name}` reach its server from here?"));
        if (output.ExitCode != 0)
        {
            var said = HookText.Clean(string.Join(" ", (output.Stderr + " " + output.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)), 400);
            throw Failed($"`{Describe(arguments)}` failed with exit code {output.ExitCode}: {said}", null);
        }

        return output.Stdout;
    }

    public string Describe(IReadOnlyList<string> arguments) => HookText.Clean($"{Name} {string.Join(" ", arguments)}", 300);

    public DiagnosticException Failed(string message, string? hint) =>
        new(DiagnosticCatalog.LiveToolFailed.Create(SourceSpan.WholeFile(Name), message, hint));
}
