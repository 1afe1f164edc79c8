using Cpupolicy.Core.Ir;
using Cpupolicy.Compiler.Semantics.Binding;
using Cpupolicy.Compiler.Semantics.Checking;

namespace Cpupolicy.Compiler.Lowering;

/// <summary>
/// The lower stage: each checked profile becomes one <see cref="ProfileIr"/>. No target block means every backend
/// with its default options (the language spec: "none means all").
/// </summary>
public static class PolicyLowerer
{
    public static LoweredPolicy Lower(CheckedPolicy policy, IReadOnlyList<string> allBackends)
    {
        var profiles = policy.Profiles
            .Select(p => new ProfileIr
            {
                Name = p.Symbol.Name,
                Features = p.Value.Features,
                Vendor = p.Value.Vendor,
                Arch = p.Value.Arch,
                HostBaseline = p.Value.HostBaseline,
                Hosts = p.Value.Hosts.Select(h => h.Name).Order(StringComparer.Ordinal).ToList(),
                HostCpus = p.Value.Hosts
                    .OrderBy(h => h.Name, StringComparer.Ordinal)
                    .Select(h => new ProfileHost(h.Name, h.Capability)
                    {
                        LabelledModels = h.Inventory?.LabelledModels is { } labelled ? labelled.ToHashSet(StringComparer.Ordinal) : null,
                        Leaves = HostLeaves.Of(h.Inventory?.Raw),
                    })
                    .ToList(),
            })
            .ToList();
        var targets = policy.Bound.Targets.Count > 0
            ? policy.Bound.Targets.Select(t => t.Options).ToList()
            : allBackends.Select(TargetOptions.Defaults).ToList();
        return new LoweredPolicy(profiles, policy.Bound.VmRules, policy.Bound.Default, targets) { DeclaredTargets = policy.Bound.Targets };
    }
}
