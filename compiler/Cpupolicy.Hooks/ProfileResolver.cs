using Cpupolicy.Core.Bundle;
using Cpupolicy.Core.Globs;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Hooks;

/// <summary>
/// Which profile a VM gets: an explicit name (the domain's <c>&lt;cpupolicy:profile&gt;</c> metadata or
/// <c>--profile</c>) wins; otherwise the first <c>vm</c> glob that matches the VM's name, as in the policy; otherwise
/// the default profile. No match and no default is CP0603 (the policy language says so: an error at hook time).
/// </summary>
public static class ProfileResolver
{
    public static ProfileMatch Resolve(HookBundle bundle, string vmName, string? explicitProfile, string explicitSource) =>
        TryResolve(bundle, vmName, explicitProfile, explicitSource)
        ?? throw new DiagnosticException(DiagnosticCatalog.VmUnknown.Create(
            SourceSpan.WholeFile(bundle.Path),
            $"no `vm` glob of bundle `{bundle.Path}` matches VM `{HookText.Clean(vmName)}` and the policy has no `default` profile",
            "add a `vm \"GLOB\" uses PROFILE` line or `default uses PROFILE` to the policy and recompile"));

    /// <summary>
    /// As <see cref="Resolve"/>, but null for a VM the policy does not name (no explicit profile, no matching
    /// <c>vm</c> rule, no <c>default</c>): the hooks leave such a VM alone, since the admin never put it under the
    /// policy (a first installation must not stop the VMs nobody meant to manage).
    /// </summary>
    public static ProfileMatch? TryResolve(HookBundle bundle, string vmName, string? explicitProfile, string explicitSource)
    {
        if (explicitProfile is not null)
        {
            return bundle.Profiles.TryGetValue(explicitProfile, out var named)
                ? new ProfileMatch(named, explicitSource)
                : throw new DiagnosticException(DiagnosticCatalog.ProfileNotInBundle.Create(
                    SourceSpan.WholeFile(bundle.Path),
                    $"VM `{HookText.Clean(vmName)}`: {explicitSource} names profile `{HookText.Clean(explicitProfile)}`, which bundle `{bundle.Path}` does not have",
                    $"the bundle's profiles are {HookText.List(bundle.Profiles.Keys.Order(StringComparer.Ordinal).ToList())}"));
        }

        foreach (var rule in bundle.VmRules)
        {
            if (GlobCover.Matches(rule.Glob, vmName))
            {
                return new ProfileMatch(bundle.Profiles[rule.Profile], $"vm \"{rule.Glob}\"");
            }
        }

        if (bundle.DefaultProfile is { } fallback)
        {
            return new ProfileMatch(bundle.Profiles[fallback], "default");
        }

        return null;
    }
}
