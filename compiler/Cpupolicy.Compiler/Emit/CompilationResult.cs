using Cpupolicy.Core.Bundle;
using Cpupolicy.Compiler.Lowering;
using Cpupolicy.Compiler.Semantics.Binding;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Policy.Syntax;

namespace Cpupolicy.Compiler.Emit;

/// <summary>
/// What a compilation produced. When <see cref="HasErrors"/> is true, the pipeline stopped at the failing stage and
/// <see cref="Profiles"/> is empty: emission never runs after an error.
/// </summary>
public sealed record CompilationResult(
    IReadOnlyList<Diagnostic> Diagnostics,
    PolicySyntax? Syntax,
    LoweredPolicy? Lowered,
    IReadOnlyList<EmittedProfile> Profiles)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    /// <summary>
    /// The bound policy (hosts with their capabilities, pools, rules) once binding succeeded, else null. The fleet
    /// analyses (<c>evacuate</c>, <c>plan</c>, <c>report</c>) need the hosts and pools, which lowering leaves behind.
    /// </summary>
    public BoundPolicy? Bound { get; init; }
}
