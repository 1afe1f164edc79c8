using Cpupolicy.Core.Backends.Libvirt;
using Cpupolicy.Core.Backends.Qemu.Arm64;
using Cpupolicy.Core.Bundle;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Hooks;

/// <summary>
/// <c>cpupolicy apply libvirt</c> as a library call: the same scan, profile resolution and byte-exact splice the
/// hooks use, with no I/O (the command reads the file, checks trust, writes and renders).
/// </summary>
public static class LibvirtApply
{
    /// <summary>
    /// The domain XML with its <c>&lt;cpu&gt;</c> set to the profile's, or for an aarch64 profile its fragment merged
    /// (<see cref="Arm64FragmentMerge"/>); everything else byte for byte.
    /// </summary>
    public static ApplyResult Domain(byte[] bytes, string source, HookBundle bundle, string? explicitProfile)
    {
        var xml = DomainXmlScanner.Scan(bytes, source);
        var name = xml.Name ?? (explicitProfile is null
            ? throw new DiagnosticException(DiagnosticCatalog.DomainXmlRejected.Create(SourceSpan.WholeFile(source), "the domain XML has no <name>", "give --profile"))
            : string.Empty);
        var match = ProfileResolver.Resolve(
            bundle, name, explicitProfile ?? xml.MetadataProfile,
            explicitProfile is not null ? "--profile" : "its <cpupolicy:profile> metadata");
        var artifact = match.Profile.Artifact(LibvirtHook.Backend) ?? throw NoArtifact(match, LibvirtHook.Backend);
        var arm64 = Arm64LibvirtCpu.IsDomainFragment(artifact);
        var result = arm64
            ? Arm64FragmentMerge.ApplyChecked(
                bytes, xml, Arm64DomainFragment.Of(artifact, bundle.Path),
                bundle.Target(LibvirtHook.Backend).Get(LibvirtBackend.QemuReleaseOption, Arm64QemuCpu.Upstream72), bundle.Path, source)
            : CpuSplice.Apply(bytes, xml, CpuSplice.CpuElementOf(artifact, match.Profile.Name));
        return new ApplyResult(name, match, result, !result.AsSpan().SequenceEqual(bytes))
        {
            Edited = arm64 ? "CPU (<cpu>, <features><pmu>, <qemu:commandline> -global)" : "<cpu>",
        };
    }

    /// <summary>The refusal when the profile was compiled without <paramref name="backend"/>'s target.</summary>
    public static DiagnosticException NoArtifact(ProfileMatch match, string backend) =>
        new(DiagnosticCatalog.ProfileLacksArtifact.Create(
            SourceSpan.WholeFile(match.Profile.Name),
            $"profile `{match.Profile.Name}` has no {backend} artifact",
            $"add `target {backend}` to the policy (or drop every target line) and recompile"));
}
