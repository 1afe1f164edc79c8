using Cpupolicy.Compiler.Analyses.Live;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>What <c>cpupolicy migrate</c> was asked (<see cref="MigrationService"/>): the values of its options, as given.</summary>
public sealed record MigrationRequest
{
    /// <summary>The VM's boot CPU: a profile of <see cref="Policy"/>, an inventory, a KubeVirt VMI or pod, an artifact (file, inline or <c>-</c>); with <see cref="Live"/>, a running VM's name.</summary>
    public required string Vm { get; init; }

    /// <summary>The destination: an inventory file or a host of <see cref="Policy"/>; KubeVirt nodes for a VMI or pod.</summary>
    public required string To { get; init; }

    /// <summary>The host the VM booted on, if given.</summary>
    public string? From { get; init; }

    /// <summary>The policy <see cref="Vm"/>, <see cref="To"/> and <see cref="From"/> may name (loaded without errors), or null.</summary>
    public FleetPolicy? Policy { get; init; }

    /// <summary>For <c>--live</c>: where the running VM named <see cref="Vm"/> is looked for (needs <see cref="Policy"/>), else null.</summary>
    public ILiveVmSource? Live { get; init; }

    /// <summary>The platform name of <see cref="Live"/> (<c>xapi</c>, <c>libvirt</c>, <c>kubevirt</c>), for messages.</summary>
    public string? LivePlatform { get; init; }

    /// <summary>Standard input, for the one option given as <c>-</c>.</summary>
    public TextReader? Stdin { get; init; }
}
