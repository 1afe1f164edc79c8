using Cpupolicy.Compiler.Backends;
using Cpupolicy.Core.Backends;
using Cpupolicy.Core.Bundle;
using Cpupolicy.Core.Ir;

namespace Cpupolicy.Compiler.Output;

/// <summary>The <see cref="BundleDocument"/> of a successful compilation: its lowered rules, emitted profiles and each target's resolved options.</summary>
public static class BundleBuilder
{
    public static BundleDocument Create(Compilation result, string policyPath, HookSettings settings)
    {
        var lowered = result.Lowered ?? throw new InvalidOperationException("a bundle needs a compiled policy");
        var targets = lowered.Targets
            .Select(t => new TargetOptions(t.Backend, BackendOptions.Resolve(BackendRegistry.Default.Get(t.Backend), t)))
            .ToList();
        return BundleWriter.Create(policyPath, settings, targets, result.Profiles, VmRules(result), lowered.Default?.ProfileName);
    }

    /// <summary>The VM rules in policy order, as the bundle and <c>compile --json</c> store them.</summary>
    public static IReadOnlyList<BundleVmRule> VmRules(Compilation result) =>
        (result.Lowered?.VmRules ?? []).Select(r => new BundleVmRule(r.Glob!, r.ProfileName)).ToList();
}
