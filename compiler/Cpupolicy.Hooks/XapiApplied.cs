namespace Cpupolicy.Hooks;

/// <summary>
/// One halted VM after <c>cpupolicy apply xapi</c>: its assignment and, when the xe command was run (<c>--run</c>),
/// what xe answered (null when only planned, or when the VM was skipped).
/// </summary>
public sealed record XapiApplied(XapiAssignment Assignment, XeResult? Result)
{
    /// <summary>Whether xe was run for this VM and failed.</summary>
    public bool Failed => Result is { ExitCode: not 0 };

    /// <summary>The JSON <c>applied</c> field: <c>ok</c>, <c>failed: STDERR</c>, or null when nothing was run.</summary>
    public string? Outcome => Result is null ? null : Result.ExitCode == 0 ? "ok" : $"failed: {Result.Stderr.Trim()}";
}
