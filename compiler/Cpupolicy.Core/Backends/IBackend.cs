using Cpupolicy.Core.Database;
using Cpupolicy.Core.Ir;

namespace Cpupolicy.Core.Backends;

/// <summary>
/// One hypervisor backend: a pure emitter (profile + target options → artifact text) and the matching decoder
/// (artifact text → the features a guest sees). The equivalence law every backend obeys, and the test suite proves:
/// <c>Decode(Emit(p)) ∩ Controllable(p) == p.Features ∩ Controllable(p)</c>.
/// </summary>
public interface IBackend
{
    /// <summary>The name used in <c>target NAME { ... }</c> and in <c>compile --json</c>'s <c>artifacts</c>.</summary>
    string Name { get; }

    /// <summary>The suffix of the artifact file <c>compile</c> writes for a profile (<c>P.xen.cfg</c> → <c>.xen.cfg</c>).</summary>
    string FileSuffix { get; }

    /// <summary>
    /// Whether <paramref name="text"/> is this backend's artifact format, by marks only this format has: the one place
    /// each format is sniffed (<c>migrate --vm</c>, live VMs). Where two formats could both claim a text, callers ask
    /// in the order xen, qemu, kubevirt, xapi, after ruling out host inventories.
    /// </summary>
    bool Recognize(string text);

    /// <summary>
    /// The CPU vendor an artifact of this format states explicitly, and where it says so (for messages), or
    /// (Unknown, null). Only statements count that the hypervisor enforces or shows the guest; a model's own vendor
    /// does not (under KVM the guest sees the host's vendor whatever the model says). Formats that name no vendor
    /// (xl, KubeVirt) keep this default.
    /// </summary>
    (CpuVendor Vendor, string? Evidence) StatedVendor(string artifact) => (CpuVendor.Unknown, null);

    /// <summary>The options of <c>target NAME { ... }</c>, with their defaults.</summary>
    IReadOnlyList<BackendOption> Options { get; }

    /// <summary>The artifact for one profile. Deterministic: the same inputs give the same text, byte for byte.</summary>
    /// <exception cref="Cpupolicy.Core.Diagnostics.DiagnosticException">an option the backend cannot honour (CP05xx).</exception>
    string Emit(ProfileIr profile, TargetOptions options);

    /// <summary>
    /// The features a guest sees under an artifact (its own or one written by hand), within what the backend
    /// controls; <paramref name="source"/> names the artifact in diagnostics.
    /// </summary>
    /// <exception cref="Cpupolicy.Core.Diagnostics.DiagnosticException">the artifact is malformed (CP05xx); nothing else is thrown.</exception>
    FeatureSet Decode(string artifact, TargetOptions options, string source = "<artifact>");

    /// <summary>
    /// The features whose presence this backend decides for this profile: the guest sees exactly the profile within
    /// this set. Everything else is listed by <see cref="Uncontrollable"/> (Xen also narrows it per profile, see there).
    /// </summary>
    FeatureSet Controllable(ProfileIr profile, TargetOptions options);

    /// <summary>The features the backend can never control with these options, grouped by the reason why.</summary>
    IReadOnlyList<UncontrollableGroup> Uncontrollable(TargetOptions options);
}
