using Cpupolicy.Core.Ir;
using Cpupolicy.Compiler.Semantics.Binding;

namespace Cpupolicy.Compiler.Lowering;

/// <summary>The whole policy in backend-neutral form: what emission and the bundle need, nothing more.</summary>
public sealed record LoweredPolicy(
    IReadOnlyList<ProfileIr> Profiles,
    IReadOnlyList<VmRule> VmRules,
    VmRule? Default,
    IReadOnlyList<TargetOptions> Targets)
{
    /// <summary>
    /// The policy's own <c>target</c> blocks as written, with their spans (empty when it has none): what emission's
    /// warnings about a target point at, whatever <c>--target</c> later narrows <see cref="Targets"/> to.
    /// </summary>
    public IReadOnlyList<BoundTarget> DeclaredTargets { get; init; } = [];
}
