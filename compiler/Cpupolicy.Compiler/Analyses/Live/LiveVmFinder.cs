using Cpupolicy.Core.Database;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Analyses.Live;

/// <summary>
/// <c>migrate --live</c>'s VM: the one named (by name or id) among the VMs running on the policy's hosts, read through
/// the platform's tool; its boot CPU as the platform records it and the host it runs on (the <c>--from</c>).
/// </summary>
public static class LiveVmFinder
{
    public static (string Text, string Source, string Host) FindRunning(FleetPolicy policy, string vmName, ILiveVmSource source, string platform)
    {
        var seen = new List<string>();
        foreach (var host in policy.Hosts)
        {
            foreach (var vm in source.RunningOn(host.Name))
            {
                if (vm.Name == vmName || vm.Id == vmName)
                {
                    return vm.CpuText is { } text
                        ? (text, vm.Source, host.Name)
                        : throw new DiagnosticException(DiagnosticCatalog.LiveVmNotJudgeable.Create(SourceSpan.WholeFile(vm.Source), $"VM `{vm.Name}` on {host.Name}: {vm.CpuUnknownReason}", "restart it with a profile of the policy"));
                }

                seen.Add(vm.Name);
            }
        }

        var close = NameSuggester.Suggest(vmName, seen);
        throw new DiagnosticException(DiagnosticCatalog.LiveVmNotRunning.Create(
            SourceSpan.ForElement("--vm", vmName),
            $"no VM named `{vmName}` runs on the hosts of `{policy.Path}` ({platform})",
            NameSuggester.DidYouMean(close) ?? (seen.Count > 0 ? $"running: {string.Join(", ", seen.Distinct().Order(StringComparer.Ordinal).Take(20))}" : "no VM runs on them")));
    }
}
