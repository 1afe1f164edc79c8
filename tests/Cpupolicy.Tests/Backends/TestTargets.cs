using Cpupolicy.Compiler.Backends;
using Cpupolicy.Core.Backends;
using Cpupolicy.Core.Ir;

namespace Cpupolicy.Tests.Backends;

/// <summary>The backends under test and, for each, the option combinations every law is checked under.</summary>
public static class TestTargets
{
    public static BackendRegistry Registry => BackendRegistry.Default;

    public static IBackend Backend(string name) => Registry.Get(name);

    public static TargetOptions Options(string backend, params (string Key, string Value)[] values) =>
        new(backend, values.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal));

    /// <summary>Every fixed-value option combination of a backend (model options stay `auto`).</summary>
    public static IReadOnlyList<TargetOptions> Variants(string backend) => backend switch
    {
        "xen" =>
        [
            Options("xen"),
            Options("xen", ("format", "xend")),
            Options("xen", ("release", "4.22.0")),
            Options("xen", ("format", "xend"), ("release", "4.22.0")),
        ],
        "xapi" => [Options("xapi"), Options("xapi", ("release", "4.22.0"))],
        "libvirt" => [Options("libvirt"), Options("libvirt", ("release", "11.3.0"), ("check", "partial"))],
        "qemu" => [Options("qemu")],
        "kubevirt" => [Options("kubevirt"), Options("kubevirt", ("release", "11.3.0"), ("obsolete", "none"))],
        "proxmox" => [Options("proxmox"), Options("proxmox", ("phys-bits", "40"), ("hv-vendor-id", "testvend"))],
        "nova" => [Options("nova"), Options("nova", ("release", "11.3.0"), ("traits", "pin"))],
        _ => throw new ArgumentOutOfRangeException(nameof(backend)),
    };

    public static IEnumerable<object[]> BackendNames() => Registry.Names.Select(n => new object[] { n });
}
