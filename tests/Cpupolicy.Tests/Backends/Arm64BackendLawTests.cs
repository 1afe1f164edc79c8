using Cpupolicy.Core.Backends;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Core.Ir;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Cpupolicy.Tests.Backends;

/// <summary>
/// The equivalence law for aarch64 profiles, 1000 generated profiles per backend, each under every release and model
/// of <see cref="Variants"/>: decode(emit(p)) == p within Controllable(p), emit is deterministic; or emit refuses
/// with CP1008 and then some host of the profile really has a feature the release cannot hide. Decoders of mutated
/// artifacts throw only diagnostics.
/// </summary>
public class Arm64BackendLawTests
{
    private const int Cases = 1000;

    [Property(MaxTest = Cases)]
    public Property Decode_of_emit_is_the_aarch64_profile_for_qemu() => DecodeOfEmitIsTheProfile("qemu");

    [Property(MaxTest = Cases)]
    public Property Decode_of_emit_is_the_aarch64_profile_for_libvirt() => DecodeOfEmitIsTheProfile("libvirt");

    [Property(MaxTest = Cases)]
    public Property Decoders_throw_only_diagnostics_on_mutated_aarch64_qemu_artifacts() => DecodersThrowOnlyDiagnostics("qemu");

    [Property(MaxTest = Cases)]
    public Property Decoders_throw_only_diagnostics_on_mutated_aarch64_libvirt_artifacts() => DecodersThrowOnlyDiagnostics("libvirt");

    /// <summary>Every release, with the KVM model (host) and, where the release allows it, TCG's max.</summary>
    public static IReadOnlyList<TargetOptions> Variants(string backend) => backend switch
    {
        "qemu" =>
        [
            Options("qemu"),
            Options("qemu", ("model", "max")),
            Options("qemu", ("release", "8.2")),
            Options("qemu", ("release", "8.2"), ("model", "max")),
            Options("qemu", ("release", "openeuler-8.2")),
        ],
        "libvirt" =>
        [
            Options("libvirt"),
            Options("libvirt", ("model", "maximum")),
            Options("libvirt", ("qemu-release", "openeuler-8.2")),
            Options("libvirt", ("release", "11.3.0"), ("qemu-release", "openeuler-8.2")),
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(backend)),
    };

    [Fact]
    public void A_profile_without_extra_host_features_emits_under_every_variant()
    {
        // One host, the profile its whole set: nothing to hide, so no release refuses.
        var profile = Arm64TestProfiles.Make(7, 1, 1.0);
        foreach (var backend in new[] { "qemu", "libvirt" })
        {
            foreach (var options in Variants(backend))
            {
                var b = TestTargets.Backend(backend);
                var p = profile with { Features = profile.HostCpus[0].Capability };
                Assert.Equal(p.Features & b.Controllable(p, options), b.Decode(b.Emit(p, options), options) & b.Controllable(p, options));
            }
        }
    }

    private static Property DecodeOfEmitIsTheProfile(string backend)
    {
        var b = TestTargets.Backend(backend);
        return Prop.ForAll(Arm64TestProfiles.Arbitrary(), profile =>
        {
            foreach (var options in Variants(backend))
            {
                string artifact;
                try
                {
                    artifact = b.Emit(profile, options);
                }
                catch (DiagnosticException e) when (e.Diagnostic.Code == "CP1008")
                {
                    // The refusal must be true: some host has a feature the profile leaves out.
                    Assert.Contains(profile.HostCpus, h => !(h.Capability - profile.Features).IsEmpty);
                    continue;
                }

                Assert.Equal(artifact, b.Emit(profile, options));
                var controllable = b.Controllable(profile, options);
                var expected = profile.Features & controllable;
                var actual = b.Decode(artifact, options) & controllable;
                if (!expected.Equals(actual))
                {
                    Assert.Fail($"{backend} {string.Join(" ", options.Values.Select(v => $"{v.Key}={v.Value}"))}: profile {profile.Name} " +
                        $"lost [{Names(expected - actual)}], gained [{Names(actual - expected)}]\n{artifact}");
                }
            }
        });
    }

    private static Property DecodersThrowOnlyDiagnostics(string backend) =>
        MutatedArtifactLaw.DecodersThrowOnlyDiagnostics(
            backend,
            Arm64TestProfiles.Arbitrary().Generator,
            Variants(backend),
            (b, profile, options) =>
            {
                try
                {
                    return b.Emit(profile, options);
                }
                catch (DiagnosticException)
                {
                    return null;
                }
            },
            code => code.StartsWith("CP05", StringComparison.Ordinal) || code == "CP1012");

    private static TargetOptions Options(string backend, params (string Key, string Value)[] values) =>
        new(backend, values.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal));

    private static string Names(FeatureSet set) => string.Join(", ", Arm64TestProfiles.Db.Expand(set).Select(f => f.Name));
}
