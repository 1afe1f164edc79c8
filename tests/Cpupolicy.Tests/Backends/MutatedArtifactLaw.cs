using Cpupolicy.Core.Backends;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Core.Ir;
using FsCheck;
using FsCheck.Fluent;

namespace Cpupolicy.Tests.Backends;

/// <summary>
/// The decoder law the x86 and aarch64 law suites share: an artifact the backend emitted, then mutated
/// (<see cref="ArtifactMutator"/>), either decodes or is refused with a diagnostic whose code the suite allows; any
/// other exception is a bug.
/// </summary>
internal static class MutatedArtifactLaw
{
    /// <param name="tryEmit">The artifact, or null where the backend rightly refuses the profile (then the case passes).</param>
    public static Property DecodersThrowOnlyDiagnostics(
        string backend,
        Gen<ProfileIr> profiles,
        IReadOnlyList<TargetOptions> variants,
        Func<IBackend, ProfileIr, TargetOptions, string?> tryEmit,
        Func<string, bool> allowedCode)
    {
        var b = TestTargets.Backend(backend);
        var gen =
            from profile in profiles
            from variant in Gen.Choose(0, variants.Count - 1)
            from seed in Gen.Choose(0, int.MaxValue - 1)
            from count in Gen.Choose(1, 6)
            select (profile, variant, seed, count);
        return Prop.ForAll(Arb.From(gen), c =>
        {
            var options = variants[c.variant];
            if (tryEmit(b, c.profile, options) is not { } artifact)
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
                Assert.True(allowedCode(e.Diagnostic.Code), e.Diagnostic.ToString());
            }
            catch (Exception e)
            {
                Assert.Fail($"{backend} decoder threw {e.GetType().Name}: {e.Message}\non:\n{mutated}");
            }
        });
    }
}
