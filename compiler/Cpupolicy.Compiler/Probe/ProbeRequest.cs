namespace Cpupolicy.Compiler.Probe;

/// <summary>
/// What <c>cpupolicy probe</c> was asked to do: boot a <c>-cpu</c> value, or a profile's qemu/libvirt artifact (which
/// is then compared with the profile), optionally keep the output and the guest image.
/// </summary>
public sealed record ProbeRequest
{
    /// <summary>The guest's architecture: <see cref="ProbeArch.X86"/> (CPUID) or <see cref="ProbeArch.Aarch64"/> (ID registers).</summary>
    public ProbeArch Arch { get; init; } = ProbeArch.X86;

    /// <summary>aarch64: an inventory (ID-register dump or /proc/cpuinfo) the guest's registers are compared with.</summary>
    public string? ExpectPath { get; init; }

    /// <summary>A hand-written <c>-cpu</c> value; with a profile it is booted instead of the profile's artifact.</summary>
    public string? QemuCpu { get; init; }

    public string? PolicyPath { get; init; }

    public string? ProfileName { get; init; }

    /// <summary>Boot the profile's libvirt artifact as the real libvirt translates it, not its qemu artifact.</summary>
    public bool Libvirt { get; init; }

    /// <summary>The libvirt connection for <see cref="Libvirt"/>; null starts a private session daemon.</summary>
    public string? LibvirtUri { get; init; }

    /// <summary>Also write the probe output (an inventory file) here.</summary>
    public string? SavePath { get; init; }

    /// <summary>Write the guest image here; without a -cpu or profile nothing is booted.</summary>
    public string? ImagePath { get; init; }

    public ProbeRunOptions Run { get; init; } = ProbeRunOptions.Default;

    /// <summary>True when the request boots something (rather than only writing the image).</summary>
    public bool Boots => QemuCpu is not null || PolicyPath is not null;
}
