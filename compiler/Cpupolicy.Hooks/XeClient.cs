using System.Diagnostics;
using Cpupolicy.Core.Diagnostics;

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
        var info = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        Process? process;
        try
        {
            process = Process.Start(info);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw Failed($"cannot run `{program}`: {e.Message}", $"is the xe CLI installed? set {ProgramVariable} to its path");
        }

        using (process)
        {
            if (process is null)
            {
                throw Failed($"cannot run `{program}`", null);
            }

            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // It ended just now.
                }

                throw Failed($"`xe {Describe(arguments)}` did not finish within {timeout.TotalSeconds:0} s", "is xapi running?");
            }

            process.WaitForExit();
            var output = stdout.Result;
            var errors = stderr.Result;
            return new XeResult(process.ExitCode, output.Length > MaxOutputChars ? output[..MaxOutputChars] : output, errors.Length > MaxOutputChars ? errors[..MaxOutputChars] : errors);
        }
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
