using Cpupolicy.Core.Database;
using Cpupolicy.Core.Ir;
using Cpupolicy.Core.Diagnostics;
using FsCheck;
using FsCheck.Fluent;

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

    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(Cases);

    [Theory]
    [MemberData(nameof(TestTargets.BackendNames), MemberType = typeof(TestTargets))]
    public void Decode_of_emit_is_the_profile_within_the_controllable_features_and_emit_is_deterministic(string backend)
    {
        var b = TestTargets.Backend(backend);
        var variants = TestTargets.Variants(backend);
        Prop.ForAll(TestProfiles.Arbitrary(), profile =>
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
        }).Check(Config);
    }

    [Theory]
    [MemberData(nameof(TestTargets.BackendNames), MemberType = typeof(TestTargets))]
    public void Decoders_throw_only_diagnostics_on_mutated_artifacts(string backend)
    {
        var b = TestTargets.Backend(backend);
        var variants = TestTargets.Variants(backend);
        var gen =
            from profile in TestProfiles.Arbitrary().Generator
            from variant in Gen.Choose(0, variants.Count - 1)
            from seed in Gen.Choose(0, int.MaxValue - 1)
            from count in Gen.Choose(1, 6)
            select (profile, variant, seed, count);
        Prop.ForAll(Arb.From(gen), c =>
        {
            var options = variants[c.variant];
            if (TryEmit(b, c.profile, options) is not { } artifact)
            {
                return;
            }

            var mutated = ArtifactMutator.Mutate(artifact, new Random(c.seed), c.count);
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
        }).Check(Config);
    }

    /// <summary>
    /// KubeVirt's model law: the model it emits is usable on every host of the profile by libvirt's rule (libvirt's and
    /// QEMU 7.2's definitions of the name are within the host's capability) and is not one of KubeVirt's obsolete models,
    /// so every node carries its label; or it refuses with CP0510 (then no such model exists). Checked independently of
    /// the planner, straight from the model database.
    /// </summary>
    [Fact]
    public void KubeVirt_emits_a_model_every_host_can_run_or_refuses()
    {
        var b = TestTargets.Backend("kubevirt");
        Prop.ForAll(TestProfiles.Arbitrary(), profile =>
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
        }).Check(Config);
    }

    /// <summary>The artifact, or null where KubeVirt rightly refuses (CP0510: no model usable on every node).</summary>
    private static string? TryEmit(Core.Backends.IBackend b, ProfileIr profile, TargetOptions options)
    {
        try
        {
            return b.Emit(profile, options);
        }
        catch (DiagnosticException e) when (b.Name == "kubevirt" && e.Diagnostic.Code == "CP0510")
        {
            return null;
        }
    }

    private static string Describe(TargetOptions options) =>
        string.Join(" ", options.Values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}={v.Value}"));

    private static string Names(FeatureSet set) =>
        string.Join(", ", TestProfiles.Db.Expand(set).Select(f => f.Name));
}
