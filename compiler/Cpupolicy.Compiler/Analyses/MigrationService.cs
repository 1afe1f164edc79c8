using Cpupolicy.Compiler.Analyses.Live;
using Cpupolicy.Compiler.Backends;
using Cpupolicy.Compiler.Semantics.Binding;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.IO;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// <c>cpupolicy migrate</c> as one call: works out what the VM and the hosts are and which check applies. aarch64 on
/// both sides goes to <see cref="Arm64Migration"/>; a KubeVirt VMI or pod going to KubeVirt nodes is placed by node
/// labels (<see cref="KubevirtPlacement"/>); everything else is read (<see cref="VmCpuReader"/>, <see cref="HostLookup"/>,
/// or the platform's tool for <c>--live</c>) and checked by <see cref="MigrationCheck"/>.
/// </summary>
public static class MigrationService
{
    public static MigrationOutcome Run(MigrationRequest request)
    {
        var policy = request.Policy;
        var fromValue = request.From;
        var stdin = request.Stdin;

        // A VM on standard input is read once; each reader below gets its own copy of the text.
        var vmText = request.Live is null && request.Vm == "-" ? InputFile.ReadText("-", stdin) : null;
        if (request.Live is null && Arm64Migration.TryCheck(request.Vm, request.To, fromValue, policy, vmText is null ? null : new StringReader(vmText)) is { } arm64)
        {
            return new MigrationOutcome.Aarch64(arm64);
        }

        if (request.Live is null && (vmText is not null || File.Exists(request.Vm)))
        {
            // A KubeVirt VMI or virt-launcher pod going to KubeVirt nodes is placed by node labels: checked against each node of --to.
            var text = vmText ?? InputFile.ReadText(request.Vm, stdin);
            if (KubevirtVmReader.Looks(text) && KubevirtPlacement.Check(text, vmText is not null ? "<stdin>" : request.Vm, request.To, fromValue, stdin) is { } placement)
            {
                return new MigrationOutcome.KubevirtNodes(placement);
            }

            stdin = vmText is not null ? new StringReader(text) : stdin;
        }

        VmCpu vm;
        if (request.Live is { } live)
        {
            var running = LiveVmFinder.FindRunning(policy ?? throw new ArgumentException("--live needs a policy", nameof(request)), request.Vm, live, request.LivePlatform ?? "live");
            vm = VmCpuReader.Parse(running.Text, running.Source, BackendRegistry.Default, ModelDatabase.Default);
            fromValue ??= running.Host;
        }
        else
        {
            vm = VmCpuReader.Read(request.Vm, policy, stdin);
        }

        var to = HostLookup.Resolve(request.To, "--to", policy, request.Stdin);
        HostSymbol? from = fromValue is null ? null : HostLookup.Resolve(fromValue, "--from", policy, request.Stdin);
        return new MigrationOutcome.X86(vm, from, to, MigrationCheck.Check(vm, from, to));
    }
}
