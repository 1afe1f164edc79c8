using Cpupolicy.Compiler.Database;
using Cpupolicy.Compiler.Lowering;
using Cpupolicy.Policy.Diagnostics;
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
    private static readonly string[] Covered = ["xen", "xapi", "libvirt", "qemu", "kubevirt"];

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

    /// <summary>decode(emit(p)) == p within the controllable features, and emit is deterministic.</summary>
    private static Property DecodeOfEmitIsTheProfile(string backend)
    {
        var b = TestTargets.Backend(backend);
        var variants = TestTargets.Variants(backend);
        return Prop.ForAll(TestProfiles.Arbitrary(), profile =>
        {
            foreach (var options in variants)
            {
                var artifact = b.Emit(profile, options);
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

    private static Property DecodersThrowOnlyDiagnostics(string backend)
    {
        var b = TestTargets.Backend(backend);
        var variants = TestTargets.Variants(backend);
        var gen =
            from profile in TestProfiles.Arbitrary().Generator
            from variant in Gen.Choose(0, variants.Count - 1)
            from seed in Gen.Choose(0, int.MaxValue - 1)
            from count in Gen.Choose(1, 6)
            select (profile, variant, seed, count);
        return Prop.ForAll(Arb.From(gen), c =>
        {
            var options = variants[c.variant];
            var mutated = ArtifactMutator.Mutate(b.Emit(c.profile, options), new Random(c.seed), c.count);
            try
            {
                b.Decode(mutated, options, "mutated");
            }
            catch (DiagnosticException e)
            {
                Assert.StartsWith("CP05", e.Diagnostic.Code, StringComparison.Ordinal);
            }
            catch (Exception e)
            {
                Assert.Fail($"{backend} decoder threw {e.GetType().Name}: {e.Message}\non:\n{mutated}");
            }
        });
    }

    private static string Describe(TargetOptions options) =>
        string.Join(" ", options.Values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}={v.Value}"));

    private static string Names(FeatureSet set) =>
        string.Join(", ", TestProfiles.Db.Expand(set).Select(f => f.Name));
}
