namespace Cpupolicy.Compiler.Hooks;

/// <summary>
/// What <c>cpupolicy hook check</c> looks at, with the installers' defaults and overrides: the platform
/// (<c>libvirt</c>, <c>xapi</c> or <c>xl</c>), a DESTDIR-style root, libvirt's hooks folder, the xl wrapper's prefix,
/// and the bundle (default: the one the installed launcher names, else <see cref="BundleReader.DefaultPath"/>,
/// both under the root; a <c>--bundle</c> path is taken as given).
/// </summary>
public sealed record HookCheckOptions(string Platform, string Root = "", string? HooksDir = null, string Prefix = "/usr/local", string? Bundle = null)
{
    public static IReadOnlyList<string> Platforms { get; } = ["libvirt", "xapi", "xl"];

    /// <summary>Where the hypervisor runs the hook from, as the installers put it.</summary>
    public string HookPath => Platform switch
    {
        "libvirt" => Path.Combine(HooksDir ?? Root + "/etc/libvirt/hooks", "qemu.d", "cpupolicy"),
        "xapi" => Root + "/etc/xapi.d/vm-pre-start/10-cpupolicy",
        "xl" => Root + Prefix.TrimEnd('/') + "/sbin/cpupolicy-xl",
        _ => throw new ArgumentException($"unknown platform {Platform}", nameof(Platform)),
    };

    /// <summary>The installer that puts the hook there.</summary>
    public string Installer => $"hooks/install-{Platform}.sh";

    /// <summary>The bundle's artifact each hook reads (the xl wrapper writes the xen one).</summary>
    public string Backend => Platform == "xl" ? "xen" : Platform;
}
