using Cpupolicy.Core.Bundle;
using Cpupolicy.Compiler.Backends;
using Cpupolicy.Core.Backends;
using Cpupolicy.Core.Backends.Libvirt;
using Cpupolicy.Core.Backends.Qemu;
using Cpupolicy.Core.Backends.Qemu.Arm64;
using Cpupolicy.Core.Database;
using Cpupolicy.Compiler.Emit;
using Cpupolicy.Core.Ir;

namespace Cpupolicy.Compiler.Probe;

/// <summary>
/// A compiled profile's artifact for the backend whose guest the probe boots (qemu, or libvirt through libvirt's own
/// translation), with the features that backend controls: the comparison happens within those.
/// </summary>
public sealed record ProbeTarget(ProfileIr Profile, string Backend, string Artifact, FeatureSet Controllable)
{
    /// <summary>The target options the artifact was emitted with (aarch64: the QEMU release and model it is for).</summary>
    public TargetOptions Options { get; init; } = TargetOptions.Defaults(Backend);

    /// <summary>
    /// aarch64: the QEMU release whose properties the artifact uses (qemu's <c>release</c>, libvirt's
    /// <c>qemu-release</c>); the comparison is within what that release controls.
    /// </summary>
    public string QemuRelease => Options.Get(Backend == "libvirt" ? LibvirtBackend.QemuReleaseOption : QemuBackend.ReleaseOption, Arm64QemuCpu.Upstream72);

    /// <summary>The backends whose artifacts become a QEMU <c>-cpu</c>.</summary>
    public static readonly IReadOnlyList<string> Backends = ["qemu", "libvirt"];

    /// <summary>
    /// The target for one profile of a compilation that emitted <paramref name="backend"/>'s artifacts; null when
    /// that artifact is missing (the backend's emission failed, which the compilation's diagnostics say).
    /// </summary>
    public static ProbeTarget? For(Compilation result, EmittedProfile profile, string backend)
    {
        var artifact = profile.Artifacts.FirstOrDefault(a => a.Backend == backend);
        var options = result.Lowered?.Targets.FirstOrDefault(t => t.Backend == backend) ?? TargetOptions.Defaults(backend);
        return artifact is null
            ? null
            : new ProbeTarget(profile.Profile, backend, artifact.Text, BackendRegistry.Default.Get(backend).Controllable(profile.Profile, options)) { Options = options };
    }
}
