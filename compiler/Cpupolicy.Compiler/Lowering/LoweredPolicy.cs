using Cpupolicy.Core.Ir;
using Cpupolicy.Compiler.Semantics.Binding;

namespace Cpupolicy.Compiler.Lowering;

/// <summary>The whole policy in backend-neutral form: what emission and the bundle need, nothing more.</summary>
public sealed record LoweredPolicy(
    IReadOnlyList<ProfileIr> Profiles,
    IReadOnlyList<VmRule> VmRules,
    VmRule? Default,
    IReadOnlyList<TargetOptions> Targets);
