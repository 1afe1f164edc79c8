using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Analyses.Live;

/// <summary><c>evacuate --live</c>: the running VMs of a host and, for each, whether and where it can move.</summary>
public sealed record LiveEvacuationReport
{
    public required string Host { get; init; }

    public required string Platform { get; init; }

    /// <summary>The hosts VMs may go to (the other hosts of the host's pools, else every other host of the policy).</summary>
    public required IReadOnlyList<string> Candidates { get; init; }

    public required IReadOnlyList<LiveVmVerdict> Vms { get; init; }

    public IEnumerable<LiveVmVerdict> Blocking => Vms.Where(v => !v.CanMove);

    /// <summary>CP0843 (a warning) for each VM whose boot CPU cannot be told: it counts as blocking.</summary>
    public IEnumerable<Diagnostic> Warnings => Vms
        .Where(v => v.CpuUnknown is not null)
        .Select(v => DiagnosticCatalog.LiveVmCpuUnknown.Create(SourceSpan.WholeFile(v.Vm.Source), $"VM `{v.Vm.Name}`: {v.CpuUnknown}", "it is counted as blocking: restart it with a profile of the policy"));

    public bool Evacuable => Vms.All(v => v.CanMove);
}
