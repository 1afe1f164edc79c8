using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Core.IO;

namespace Cpupolicy.Hooks;

/// <summary>
/// Runs the <c>xe</c> CLI (or the program <c>CPUPOLICY_XE</c> names: tests use a stand-in that replays real xe
/// output). Arguments go to the program one by one, never through a shell, and every run has a time bound: a hung
/// xe must not hang the VM start that a hook gates.
/// </summary>
public sealed class XeClient
{
    public const string ProgramVariable = "CPUPOLICY_XE";
    public const string TimeoutVariable = "CPUPOLICY_XE_TIMEOUT";

    private const int MaxOutputChars = 4 * 1024 * 1024;

    private readonly string program;
    private readonly TimeSpan timeout;

    public XeClient(string program, TimeSpan timeout)
    {
        this.program = program;
        this.timeout = timeout;
    }

    /// <summary>xe from <c>CPUPOLICY_XE</c> (default: <c>xe</c> on PATH), bounded by <c>CPUPOLICY_XE_TIMEOUT</c> seconds (default 60).</summary>
    public static XeClient FromEnvironment(Func<string, string?> env) =>
        new(
            env(ProgramVariable) is { Length: > 0 } p ? p : "xe",
            double.TryParse(env(TimeoutVariable), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var s) && s > 0 && s < 3600
                ? TimeSpan.FromSeconds(s)
                : TimeSpan.FromSeconds(60));

    public string Program => program;

    /// <summary>Runs xe; throws CP0610 when it cannot start or does not finish in time (the exit code is the caller's to judge).</summary>
    public XeResult Run(params IReadOnlyList<string> arguments)
    {
        var output = BoundedProcess.Run(
            BoundedProcess.Command(program, arguments),
            timeout,
            MaxOutputChars,
            reason => reason is null
                ? Failed($"cannot run `{program}`", null)
                : Failed($"cannot run `{program}`: {reason}", $"is the xe CLI installed? set {ProgramVariable} to its path"),
            () => Failed($"`xe {Describe(arguments)}` did not finish within {timeout.TotalSeconds:0} s", "is xapi running?"));
        return new XeResult(output.ExitCode, output.Stdout, output.Stderr);
    }

    /// <summary>The single value <c>xe vm-param-get</c> printed; CP0610 when xe failed.</summary>
    public string Value(XeResult result, IReadOnlyList<string> arguments)
    {
        if (result.ExitCode != 0)
        {
            var said = HookText.Clean(string.Join(" ", (result.Stderr + " " + result.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)), 300);
            throw Failed($"`xe {Describe(arguments)}` failed with exit code {result.ExitCode}: {said}", null);
        }

        return result.Stdout.TrimEnd('\n', '\r');
    }

    public static string Describe(IReadOnlyList<string> arguments) => HookText.Clean(string.Join(" ", arguments), 300);

    public static DiagnosticException Failed(string message, string? hint) =>
        new(DiagnosticCatalog.XeFailed.Create(SourceSpan.WholeFile("xe"), message, hint));
}
