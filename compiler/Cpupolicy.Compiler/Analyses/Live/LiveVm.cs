namespace Cpupolicy.Compiler.Analyses.Live;

/// <summary>
/// A VM running on a host, as the platform records it: its name, the platform's id for it, the host it runs on,
/// and the CPU it booted with as an artifact text <see cref="VmCpuReader"/> decodes (XAPI's
/// <c>last_boot_CPU_flags</c>, libvirt's live <c>&lt;cpu&gt;</c>, a VMI's <c>spec.domain.cpu</c>), or null with
/// <see cref="CpuUnknownReason"/> when the record does not tell it.
/// </summary>
public sealed record LiveVm(string Name, string Id, string Host, string? CpuText, string Source)
{
    public string? CpuUnknownReason { get; init; }
}
