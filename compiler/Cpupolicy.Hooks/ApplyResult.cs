namespace Cpupolicy.Hooks;

/// <summary>
/// What an apply computed: the VM's name (null when the file names none), its profile and the edited bytes. The
/// match is null only from <see cref="XlApply"/>, for a VM the policy does not manage (the bytes are then unchanged).
/// </summary>
public sealed record ApplyResult(string? Name, ProfileMatch? Match, byte[] Bytes, bool Changed)
{
    /// <summary>What of the VM's configuration was set, for the summary line (<c>&lt;cpu&gt;</c>, or an aarch64 fragment's parts).</summary>
    public string Edited { get; init; } = "<cpu>";
}
