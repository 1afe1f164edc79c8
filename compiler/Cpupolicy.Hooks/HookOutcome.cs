namespace Cpupolicy.Hooks;

/// <summary>
/// A hook's decision: the exit code the hypervisor acts on, the ONE log line (null for operations the hook ignores)
/// and, for libvirt's migrate/restore filters, the rewritten domain XML to print (null prints nothing, which libvirt
/// reads as "unchanged").
/// </summary>
public sealed record HookOutcome(int ExitCode, HookLogLevel Level, string? Line, byte[]? Output = null)
{
    public static HookOutcome Ignored { get; } = new(0, HookLogLevel.Info, null);
}
