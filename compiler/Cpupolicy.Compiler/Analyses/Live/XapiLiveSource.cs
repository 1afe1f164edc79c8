using Cpupolicy.Core.Backends.Xapi;

namespace Cpupolicy.Compiler.Analyses.Live;

/// <summary>
/// The running VMs of an XCP-ng / XenServer host, through <c>xe</c>: the host's uuid by its name-label
/// (<c>xe host-list name-label=HOST params=uuid --minimal</c>), then the VMs resident on it with the CPU each booted
/// with (<c>xe vm-list resident-on=UUID is-control-domain=false params=uuid,name-label,last-boot-CPU-flags</c>).
/// XAPI records <c>last_boot_CPU_flags</c> (<c>vendor: GenuineIntel; features: 1fcbfbff-...</c>) at every boot and
/// checks it against the destination's <c>features_hvm</c> on migration (xen-api cpuid_helpers.ml); it changes
/// only when the VM boots again, so a VM keeps the CPU of its last boot however the policy changed since.
/// </summary>
public sealed class XapiLiveSource(LiveTool xe) : ILiveVmSource
{
    public string Platform => "xapi";

    public IReadOnlyList<LiveVm> RunningOn(string host)
    {
        var uuids = xe.Run("host-list", $"name-label={host}", "params=uuid", "--minimal").Trim();
        if (uuids.Length == 0)
        {
            throw new Core.Diagnostics.DiagnosticException(Core.Diagnostics.DiagnosticCatalog.LiveHostUnknown.Create(
                Core.Diagnostics.SourceSpan.WholeFile("xe"),
                $"the pool has no host whose name-label is `{host}`",
                "name the policy's hosts after their XAPI name-labels (`xe host-list params=name-label`)"));
        }

        var uuid = uuids.Split(',')[0];
        string[] args = ["vm-list", $"resident-on={uuid}", "is-control-domain=false", "params=uuid,name-label,last-boot-CPU-flags"];
        var output = xe.Run(args);
        var vms = new List<LiveVm>();
        foreach (var record in Records(output, args))
        {
            var vmUuid = record.GetValueOrDefault("uuid") ?? throw xe.Failed($"`{xe.Describe(args)}` printed a record without a uuid", null);
            var name = record.GetValueOrDefault("name-label") ?? vmUuid;
            var flags = record.GetValueOrDefault("last-boot-CPU-flags") ?? string.Empty;
            var source = $"{name} (xe last_boot_CPU_flags)";
            vms.Add(XapiArtifact.HasBootFeatures(flags)
                ? new LiveVm(name, vmUuid, host, flags, source)
                : new LiveVm(name, vmUuid, host, null, source) { CpuUnknownReason = "XAPI recorded no featureset at its last boot (`last_boot_CPU_flags` has no `features`)" });
        }

        return vms;
    }

    public string ColdRestartHint(string profile) =>
        $"give it profile `{profile}` (`cpupolicy apply xapi`, or `xe vm-param-set uuid=UUID platform:featureset=...` from {profile}.xapi.txt), then shut it down and start it (`xe vm-shutdown`, `xe vm-start`): a reboot keeps the CPU it booted with";

    /// <summary>The records of a non-minimal <c>xe *-list</c> (<see cref="XeRecords"/>).</summary>
    internal IEnumerable<Dictionary<string, string>> Records(string output, IReadOnlyList<string> args) =>
        XeRecords.Parse(output, line => xe.Failed($"`{xe.Describe(args)}` printed a line that is not `NAME ( RO): VALUE`: `{Core.Diagnostics.HookText.Clean(line, 120)}`", null));
}
