namespace Cpupolicy.Hooks;

/// <summary>One run of <c>xe</c>: its exit code and what it printed.</summary>
public sealed record XeResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>
    /// xe's answer when a map key is absent: the CLI server fails with "Key K not found in map", which xe prints as
    /// <c>Error parameters: Failure: Key K not found in map</c> and exit 1 (xen-api cli_operations.ml, newcli.ml).
    /// </summary>
    public bool KeyNotFound => ExitCode != 0 && (Stderr + Stdout).Contains("not found in map", StringComparison.Ordinal);
}
