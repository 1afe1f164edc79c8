using Cpupolicy.Compiler.Backends;
using Cpupolicy.Core.Backends;
using Cpupolicy.Compiler.Lowering;
using Cpupolicy.Core.Ir;
using Cpupolicy.Core.Bundle;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Emit;

/// <summary>The emit stage: every profile's artifact for every target of a lowered policy.</summary>
public static class ArtifactEmitter
{
    /// <summary>Every profile's artifact for every target, sorted by profile then backend (deterministic); aarch64 profiles only for the backends that have an aarch64 artifact.</summary>
    /// <exception cref="Cpupolicy.Core.Diagnostics.DiagnosticException">an option a backend cannot honour (CP05xx).</exception>
    public static IReadOnlyList<EmittedProfile> Emit(LoweredPolicy policy)
    {
        var targets = policy.Targets.OrderBy(t => t.Backend, StringComparer.Ordinal).ToList();
        return policy.Profiles
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(profile => new EmittedProfile(profile, targets.Where(t => !profile.IsArm64 || Arm64Backends.Supports(t.Backend)).Select(t =>
            {
                var backend = BackendRegistry.Default.Get(t.Backend);
                return new Artifact(backend.Name, profile.Name + backend.FileSuffix, backend.Emit(profile, t));
            }).ToList()))
            .ToList();
    }

    /// <summary>
    /// A warning (CP0531) for each profile and target where the target cannot give the guest some of the profile's
    /// features (<see cref="UncontrollableGroup.NotGiven"/>), one per reason, naming target, profile and features;
    /// sorted like <see cref="Emit"/>. <c>hypervisor</c> is every guest's, whatever the artifact.
    /// </summary>
    public static IReadOnlyList<Diagnostic> Warnings(LoweredPolicy policy, string path)
    {
        var warnings = new List<Diagnostic>();
        // What a target cannot give depends on the target alone: its groups are computed once, not once per profile.
        var targets = policy.Targets
            .OrderBy(t => t.Backend, StringComparer.Ordinal)
            .Select(t =>
            {
                var backend = BackendRegistry.Default.Get(t.Backend);
                return (Backend: backend, Groups: backend.Uncontrollable(t));
            })
            .ToList();
        // The groups index the x86 database; an aarch64 profile's features are ID-register levels, and what its
        // targets cannot hide is CP1008, reported by the aarch64 backends themselves.
        foreach (var profile in policy.Profiles.Where(p => !p.IsArm64).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            foreach (var (backend, groups) in targets)
            {
                foreach (var group in groups)
                {
                    var lost = group.NotGiven & profile.Features;
                    var names = Core.Database.FeatureDatabase.Default.Expand(lost).Select(f => f.Name).Where(n => n != "hypervisor").ToList();
                    if (names.Count > 0)
                    {
                        warnings.Add(DiagnosticCatalog.TargetCannotGive.Create(
                            SourceSpan.ForElement(path, $"target {backend.Name}"),
                            $"target `{backend.Name}` cannot give {string.Join(", ", names.Select(n => $"`{n}`"))} to guests of profile `{profile.Name}`: {group.Reason}",
                            "guests under this target will lack it; drop it from the profile (`- {...}`), or choose a target (or release) that has it"));
                    }
                }
            }
        }

        return warnings;
    }

    /// <summary>
    /// One profile's artifact for each of <paramref name="backends"/> with default options (what <c>baseline</c> prints):
    /// a backend that cannot emit it gets null and is reported to <paramref name="failed"/>; sorted by backend name.
    /// </summary>
    public static SortedDictionary<string, string?> EmitEach(ProfileIr profile, IEnumerable<IBackend> backends, Action<IBackend, DiagnosticException> failed)
    {
        var artifacts = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        foreach (var backend in backends.Where(b => !profile.IsArm64 || Arm64Backends.Supports(b.Name)))
        {
            try
            {
                artifacts[backend.Name] = backend.Emit(profile, TargetOptions.Defaults(backend.Name));
            }
            catch (DiagnosticException e)
            {
                artifacts[backend.Name] = null;
                failed(backend, e);
            }
        }

        return artifacts;
    }
}
