using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Semantics.Binding;

/// <summary>The output of binding: every declaration with its names resolved, in declaration order.</summary>
public sealed record BoundPolicy
{
    /// <summary>The policy file and every included file, in the order they were read.</summary>
    public required IReadOnlyList<string> Files { get; init; }

    public required IReadOnlyList<HostSymbol> Hosts { get; init; }

    public required IReadOnlyList<PoolSymbol> Pools { get; init; }

    public required IReadOnlyList<ProfileSymbol> Profiles { get; init; }

    /// <summary>The <c>vm</c> rules in order (first match wins), without the default.</summary>
    public required IReadOnlyList<VmRule> VmRules { get; init; }

    public VmRule? Default { get; init; }

    /// <summary>The targets declared; empty means every backend with its defaults.</summary>
    public required IReadOnlyList<BoundTarget> Targets { get; init; }

    public required IReadOnlyList<Diagnostic> Diagnostics { get; init; }
}
