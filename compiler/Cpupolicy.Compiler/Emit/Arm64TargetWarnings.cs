using Cpupolicy.Compiler.Lowering;
using Cpupolicy.Core.Backends;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Emit;

/// <summary>
/// CP1009: a <c>target</c> the policy names that has no aarch64 artifact, when some profile is aarch64. Emission
/// skips such a target for aarch64 profiles (<see cref="ArtifactEmitter.Emit"/>); this says so at the target block.
/// It lives here, not in the checker, because which backends have an aarch64 artifact is the backends' knowledge.
/// </summary>
public static class Arm64TargetWarnings
{
    public static IReadOnlyList<Diagnostic> Check(LoweredPolicy policy)
    {
        var arm = policy.Profiles.Where(p => p.IsArm64).Select(p => $"`{p.Name}`").ToList();
        if (arm.Count == 0)
        {
            return [];
        }

        return policy.DeclaredTargets
            .Where(t => !Arm64Backends.Supports(t.Options.Backend))
            .Select(target => DiagnosticCatalog.TargetWithoutArm64.Create(
                target.Span,
                $"target `{target.Options.Backend}` has no aarch64 artifact: the aarch64 profile{(arm.Count > 1 ? "s" : "")} {string.Join(", ", arm)} get none from it",
                $"aarch64 guests are configured through {string.Join(" or ", Arm64Backends.Names.Order(StringComparer.Ordinal).Select(n => $"`target {n}`"))}"))
            .ToList();
    }
}
