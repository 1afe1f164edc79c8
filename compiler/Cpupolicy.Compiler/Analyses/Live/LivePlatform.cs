namespace Cpupolicy.Compiler.Analyses.Live;

/// <summary>Reads the running VMs of a host through one platform's tool.</summary>
public interface ILiveVmSource
{
    /// <summary>The platform's name (<c>xapi</c>, <c>libvirt</c>, <c>kubevirt</c>).</summary>
    string Platform { get; }

    /// <summary>The VMs running on the host the policy calls <paramref name="host"/>.</summary>
    IReadOnlyList<LiveVm> RunningOn(string host);

    /// <summary>How to give a VM another profile and make it boot with it, for the plan.</summary>
    string ColdRestartHint(string profile);
}

/// <summary>The platforms whose running VMs cpupolicy reads, and the tool each uses.</summary>
public static class LivePlatform
{
    public static readonly IReadOnlyList<string> Names = ["xapi", "libvirt", "kubevirt"];

    public static ILiveVmSource Create(string platform, Func<string, string?> env) => platform switch
    {
        "xapi" => new XapiLiveSource(LiveTool.FromEnvironment("xe", "CPUPOLICY_XE", env)),
        "libvirt" => new LibvirtLiveSource(LiveTool.FromEnvironment("virsh", "CPUPOLICY_VIRSH", env), env("CPUPOLICY_VIRSH_URI") is { Length: > 0 } uri ? uri : LibvirtLiveSource.DefaultUri),
        "kubevirt" => new KubeVirtLiveSource(LiveTool.FromEnvironment("kubectl", "CPUPOLICY_KUBECTL", env)),
        _ => throw new ArgumentOutOfRangeException(nameof(platform), platform, "not a live platform"),
    };
}
