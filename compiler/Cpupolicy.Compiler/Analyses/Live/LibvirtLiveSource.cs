namespace Cpupolicy.Compiler.Analyses.Live;

/// <summary>
/// The running domains of a libvirt host, through <c>virsh</c> on the host's connection (<c>CPUPOLICY_VIRSH_URI</c>,
/// a template where <c>{host}</c> is the policy's host name; default <see cref="DefaultUri"/>): their names
/// (<c>virsh -c URI list --state-running --name</c>), then each one's live XML (<c>virsh -c URI dumpxml NAME</c>).
/// The live XML of a running domain holds the CPU it was started with, a <c>host-model</c> CPU already expanded to
/// the model and features it got; only a new start changes it.
/// </summary>
public sealed class LibvirtLiveSource(LiveTool virsh, string uriTemplate) : ILiveVmSource
{
    public const string DefaultUri = "qemu+ssh://{host}/system";

    public string Platform => "libvirt";

    public IReadOnlyList<LiveVm> RunningOn(string host)
    {
        var uri = uriTemplate.Replace("{host}", host, StringComparison.Ordinal);
        var names = virsh.Run("-c", uri, "list", "--state-running", "--name")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return names
            .Select(name => new LiveVm(name, name, host, virsh.Run("-c", uri, "dumpxml", name), $"{name} (virsh dumpxml on {host})"))
            .ToList();
    }

    public string ColdRestartHint(string profile) =>
        $"give it profile `{profile}` (`cpupolicy apply libvirt` on its XML, or `virsh edit` with {profile}.libvirt.xml), then shut it down and start it (`virsh shutdown`, `virsh start`): a reboot inside the guest keeps the CPU it was started with";
}
