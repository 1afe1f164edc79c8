using Cpupolicy.Core.Database;
using Cpupolicy.Core.Ir;
using Cpupolicy.Core.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Cpupolicy.Tests.Backends;

/// <summary>
/// The laws every backend obeys, as FsCheck properties over 1000 generated profiles per backend (each checked under
/// every option combination of <see cref="TestTargets.Variants"/>):
/// decode(emit(p)) == p within the controllable features; emit is deterministic; no decoder throws anything but a
/// <see cref="DiagnosticException"/>, whatever it is given.
/// </summary>
public class BackendLawTests
{
    private const int Cases = 1000;

    /// <summary>The backends the [Property] methods below name, one pair each (a [Property] takes no MemberData).</summary>
    private static readonly string[] Covered = ["xen", "xapi", "libvirt", "qemu", "kubevirt", "proxmox", "nova"];

    [Fact]
    public void Every_registered_backend_has_its_law_properties() =>
        Assert.Equal(TestTargets.Registry.Names.Order(StringComparer.Ordinal), Covered.Order(StringComparer.Ordinal));

    [Property(MaxTest = Cases)]
    public Property Decode_of_emit_is_the_profile_for_xen() => DecodeOfEmitIsTheProfile("xen");

    [Property(MaxTest = Cases)]
    public Property Decoders_throw_only_diagnostics_on_mutated_xen_artifacts() => DecodersThrowOnlyDiagnostics("xen");

    [Property(MaxTest = Cases)]
    public Property Decode_of_emit_is_the_profile_for_xapi() => DecodeOfEmitIsTheProfile("xapi");

    [Property(MaxTest = Cases)]
    public Property Decoders_throw_only_diagnostics_on_mutated_xapi_artifacts() => DecodersThrowOnlyDiagnostics("xapi");

    [Property(MaxTest = Cases)]
    public Property Decode_of_emit_is_the_profile_for_libvirt() => DecodeOfEmitIsTheProfile("libvirt");

    [Property(MaxTest = Cases)]
    public Property Decoders_throw_only_diagnostics_on_mutated_libvirt_artifacts() => DecodersThrowOnlyDiagnostics("libvirt");

    [Property(MaxTest = Cases)]
    public Property Decode_of_emit_is_the_profile_for_qemu() => DecodeOfEmitIsTheProfile("qemu");

    [Property(MaxTest = Cases)]
    public Property Decoders_throw_only_diagnostics_on_mutated_qemu_artifacts() => DecodersThrowOnlyDiagnostics("qemu");

    [Property(MaxTest = Cases)]
    public Property Decode_of_emit_is_the_profile_for_kubevirt() => DecodeOfEmitIsTheProfile("kubevirt");

    [Property(MaxTest = Cases)]
    public Property Decoders_throw_only_diagnostics_on_mutated_kubevirt_artifacts() => DecodersThrowOnlyDiagnostics("kubevirt");

    [Property(MaxTest = Cases)]
    public Property Decode_of_emit_is_the_profile_for_proxmox() => DecodeOfEmitIsTheProfile("proxmox");

    [Property(MaxTest = Cases)]
    public Property Decoders_throw_only_diagnostics_on_mutated_proxmox_artifacts() => DecodersThrowOnlyDiagnostics("proxmox");

    [Property(MaxTest = Cases)]
    public Property Decode_of_emit_is_the_profile_for_nova() => DecodeOfEmitIsTheProfile("nova");

    [Property(MaxTest = Cases)]
    public Property Decoders_throw_only_diagnostics_on_mutated_nova_artifacts() => DecodersThrowOnlyDiagnostics("nova");

    /// <summary>decode(emit(p)) == p within the controllable features, and emit is deterministic.</summary>
    private static Property DecodeOfEmitIsTheProfile(string backend)
    {
        var b = TestTargets.Backend(backend);
        var variants = TestTargets.Variants(backend);
        return Prop.ForAll(TestProfiles.Arbitrary(), profile =>
        {
            foreach (var options in variants)
            {
                if (TryEmit(b, profile, options) is not { } artifact)
                {
                    continue;
                }

                Assert.Equal(artifact, b.Emit(profile, options));
                var controllable = b.Controllable(profile, options);
                var decoded = b.Decode(artifact, options);
                var expected = profile.Features & controllable;
                var actual = decoded & controllable;
                if (!expected.Equals(actual))
                {
                    Assert.Fail(
                        $"{backend} {Describe(options)}: profile {profile.Name} " +
                        $"lost [{Names(expected - actual)}], gained [{Names(actual - expected)}]\n{artifact}");
                }
            }
        });
    }

    private static Property DecodersThrowOnlyDiagnostics(string backend) =>
        MutatedArtifactLaw.DecodersThrowOnlyDiagnostics(
            backend,
            TestProfiles.Arbitrary().Generator,
            TestTargets.Variants(backend),
            TryEmit,
            code => code.StartsWith("CP05", StringComparison.Ordinal) || code.StartsWith("CP10", StringComparison.Ordinal));

    /// <summary>
    /// KubeVirt's model law: the model it emits is usable on every host of the profile by libvirt's rule (libvirt's and
    /// QEMU 7.2's definitions of the name are within the host's capability) and is not one of KubeVirt's obsolete models,
    /// so every node carries its label; or it refuses with CP0510 (then no such model exists). Checked independently of
    /// the planner, straight from the model database.
    /// </summary>
    [Property(MaxTest = Cases)]
    public Property KubeVirt_emits_a_model_every_host_can_run_or_refuses()
    {
        var b = TestTargets.Backend("kubevirt");
        return Prop.ForAll(TestProfiles.Arbitrary(), profile =>
        {
            foreach (var options in TestTargets.Variants("kubevirt"))
            {
                var release = options.Get("release", "9.0.0");
                var obsolete = options.Get("obsolete", "default") == "default";
                if (TryEmit(b, profile, options) is not { } artifact)
                {
                    Assert.True(profile.HostCpus.Count > 0, $"refused a profile of no host: {profile.Name}");
                    Assert.DoesNotContain(
                        KubeVirtScheduling.Catalog(release),
                        m => KubeVirtScheduling.Missing(m, profile, obsolete).Count == 0 && KubeVirtScheduling.VendorFits(m, profile));
                    continue;
                }

                var model = KubeVirtScheduling.Model(artifact, release);
                var missing = KubeVirtScheduling.Missing(model, profile, obsolete);
                Assert.True(missing.Count == 0, $"{Describe(options)}: {model.Name} for {profile.Name}: {string.Join("; ", missing)}");
            }
        });
    }

    /// <summary>
    /// The artifact, or null where the backend rightly refuses: KubeVirt with CP0510 (no model usable on every node),
    /// Nova with CP0552 under <c>traits pin</c>, not the default (every model would make the nodes report a trait the profile lacks;
    /// <see cref="NovaBackendTests"/> checks that claim against the model database), Xen with CP0530 (hosts whose leaf
    /// ranges differ beyond what the chosen form can hide; XenLeafRangeTests checks it).
    /// </summary>
    private static string? TryEmit(Core.Backends.IBackend b, ProfileIr profile, TargetOptions options)
    {
        try
        {
            return b.Emit(profile, options);
        }
        catch (DiagnosticException e) when ((b.Name, e.Diagnostic.Code) is ("kubevirt", "CP0510") or ("nova", "CP0552"))
        {
            return null;
        }
        catch (DiagnosticException e) when (b is Core.Backends.Xen.XenBackend xen && e.Diagnostic.Code == "CP0530" && xen.Leaks(profile, options).Count > 0)
        {
            return null;
        }
    }

    private static string Describe(TargetOptions options) =>
        string.Join(" ", options.Values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}={v.Value}"));

    private static string Names(FeatureSet set) =>
        string.Join(", ", TestProfiles.Db.Expand(set).Select(f => f.Name));
}
