using Cpupolicy.Core.Backends.Libvirt;
using Cpupolicy.Core.Backends.Qemu;
using Cpupolicy.Core.Backends.Qemu.Arm64;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// An aarch64 artifact given as <c>migrate --vm</c>: a QEMU <c>-cpu host,...</c> (or <c>max,...</c>, which under KVM
/// is <c>host</c>), upstream or openEuler's SYSREG form, or a libvirt aarch64 domain (host-passthrough or maximum,
/// with its <c>&lt;qemu:commandline&gt;</c> properties). Each is recognized and decoded by its own backend
/// (<see cref="QemuBackend.IsArm64Artifact"/>, <see cref="Arm64LibvirtCpu"/>) into the properties of QEMU's
/// <c>-cpu</c>; the guest then sees the boot host's features minus what those turn off
/// (<see cref="Arm64QemuCpu.OnHost"/>), so reading one needs the boot host (CP1030 without it).
/// </summary>
public sealed record Arm64VmArtifact(string Kind, string Source, string Model, IReadOnlyList<(string Key, string Value, int Column)> Items, int Line)
{
    /// <summary>
    /// For an artifact of either architecture (<see cref="EitherArchHostCpu"/>), the aarch64 host it was read as
    /// aarch64 for (<c>--to X</c>, <c>--from X</c>); null for one only aarch64 has.
    /// </summary>
    public string? ReadFor { get; init; }

    /// <summary>The QEMU release whose properties the artifact uses: openEuler's 8.2 when it sets SYSREG fields, else upstream.</summary>
    public string Release => Items.Any(i => i.Key.StartsWith("SYSREG_", StringComparison.Ordinal)) ? Arm64QemuCpu.OpenEuler82 : Arm64QemuCpu.Upstream82;

    /// <summary>
    /// The aarch64 artifact in <paramref name="text"/>, or null when it is none (an x86 artifact, an inventory, or
    /// text no backend reads: the x86 path then says what it is). A malformed aarch64 artifact is its backend's diagnostic.
    /// </summary>
    public static Arm64VmArtifact? TryRead(string text, string source)
    {
        if (text.TrimStart().StartsWith('<'))
        {
            System.Xml.Linq.XDocument document;
            try
            {
                document = LibvirtXml.Load(text, source);
            }
            catch (DiagnosticException)
            {
                return null;
            }

            if (!Arm64LibvirtCpu.IsArm64(document))
            {
                return null;
            }

            var (model, items) = Arm64LibvirtCpu.Read(document, source);
            return new Arm64VmArtifact("libvirt", source, model, items, 1);
        }

        if (!QemuArtifact.Recognize(text))
        {
            return null;
        }

        try
        {
            return QemuBackend.IsArm64Artifact(text, source) is { } cpu ? new Arm64VmArtifact("qemu", source, cpu.Model, cpu.Items, cpu.Line) : null;
        }
        catch (DiagnosticException)
        {
            return null;
        }
    }

    /// <summary>The features the guest sees when the VM booted on a host with <paramref name="bootHost"/>.</summary>
    public FeatureSet OnHost(FeatureSet bootHost) => Arm64QemuCpu.Default.OnHost(bootHost, Model, Items, Release, Source, Line);

    /// <summary>
    /// CP1030: the artifact gives the boot host's features, and no boot host was named, or <paramref name="from"/>
    /// is not an aarch64 one.
    /// </summary>
    public DiagnosticException NeedsBootHost(string value, string? from = null)
    {
        var here = ReadFor is null ? string.Empty : $" here (`{ReadFor}` is an aarch64 host)";
        var what = $"`{(Source == "--vm" ? value.Trim() : Source)}` is an aarch64 {(Kind == "qemu" ? $"`-cpu {Model}`" : ReadFor is null ? "libvirt domain" : "libvirt <cpu>")}{here}: the guest sees the features of the host it booted on, minus what the artifact turns off";
        return new(DiagnosticCatalog.Arm64ArtifactNeedsBootHost.Create(
            SourceSpan.ForElement(from is null ? "--vm" : "--from", from ?? (Source == "--vm" ? value : Source)),
            from is null ? $"{what}, so the VM's set depends on that host" : $"{what}, and `--from {from}` is not an aarch64 host",
            "name the host the VM booted on with `--from` (an aarch64 inventory, or a host of `--policy`)"));
    }
}
