using Cpupolicy.Compiler.Semantics.Binding;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Semantics.Checking;

/// <summary>
/// The profile rules the x86 checker (<see cref="PolicyChecker"/>) and the aarch64 checks (<see cref="Arm64Checks"/>)
/// share: <c>require</c>, <c>forbid</c> and <c>vendor</c> hold, and no host lacks a feature of the profile. The two
/// differ only in how a written name resolves (an x86 feature, or an aarch64 field level) and how a set is named.
/// </summary>
internal static class ProfileRules
{
    /// <summary>
    /// A <c>require</c>/<c>forbid</c> name resolved in the profile's architecture: its index in that architecture's
    /// database, its canonical name, and (aarch64) the register fields it reads, which the message shows.
    /// </summary>
    public readonly record struct ResolvedName(int Index, string Name, string? Coordinates);

    /// <summary>CP0302/CP0303/CP0304 for each constraint of the profile; names <paramref name="resolve"/> gives null for are skipped (reported elsewhere, as CP1007).</summary>
    public static void CheckConstraints(ProfileSymbol profile, ProfileValue value, Func<BoundFeatureName, ResolvedName?> resolve, List<Diagnostic> diagnostics)
    {
        foreach (var constraint in profile.Constraints)
        {
            switch (constraint)
            {
                case BoundRequire require:
                    foreach (var (f, r) in Resolved(require.Features, resolve).Where(n => !value.Features.Contains(n.Name.Index)))
                    {
                        var lacking = value.Hosts.Where(h => !h.Capability.Contains(r.Index)).Select(h => $"`{h.Name}`").ToList();
                        diagnostics.Add(DiagnosticCatalog.RequiredFeatureMissing.Create(
                            f.Span,
                            $"profile `{profile.Name}` requires `{f.Written}`{Where(r)} but does not have it",
                            lacking.Count > 0 ? $"host {string.Join(", ", lacking)} lacks it; remove the requirement or the host" : $"add it: `... + {{{r.Name}}}`"));
                    }

                    break;
                case BoundForbid forbid:
                    foreach (var (f, r) in Resolved(forbid.Features, resolve).Where(n => value.Features.Contains(n.Name.Index)))
                    {
                        diagnostics.Add(DiagnosticCatalog.ForbiddenFeaturePresent.Create(
                            f.Span,
                            $"profile `{profile.Name}` forbids `{f.Written}`{Where(r)} but has it",
                            $"subtract it: `... - {{{r.Name}}}`"));
                    }

                    break;
                case BoundVendor vendor:
                    CheckVendor(profile, value, vendor, diagnostics);
                    break;
            }
        }
    }

    /// <summary>CP0305 for each host the profile derives from that lacks some of its features (named by <paramref name="names"/>).</summary>
    public static void CheckHostsHaveFeatures(ProfileSymbol profile, ProfileValue value, Func<FeatureSet, IEnumerable<string>> names, List<Diagnostic> diagnostics)
    {
        foreach (var host in value.Hosts)
        {
            var beyond = value.Features - host.Capability;
            if (!beyond.IsEmpty)
            {
                diagnostics.Add(DiagnosticCatalog.HostLacksFeature.Create(
                    profile.Span,
                    $"profile `{profile.Name}` has {string.Join(", ", names(beyond).Select(n => $"`{n}`"))}, which host `{host.Name}` lacks; a VM with this profile could not start or migrate there",
                    $"intersect with the host: `... & {host.Name}`, or subtract the features"));
            }
        }
    }

    /// <summary>A vendor constraint: every host the profile derives from is of that vendor (x86 and aarch64 alike).</summary>
    private static void CheckVendor(ProfileSymbol profile, ProfileValue value, BoundVendor vendor, List<Diagnostic> diagnostics)
    {
        foreach (var host in value.Hosts.Where(h => h.Vendor != vendor.Vendor))
        {
            diagnostics.Add(DiagnosticCatalog.VendorViolation.Create(
                vendor.Span,
                $"profile `{profile.Name}` is for vendor `{vendor.Vendor.Keyword()}` but derives from host `{host.Name}`, a `{host.Vendor.Keyword()}` CPU",
                $"remove `{host.Name}` from the profile's hosts, or drop the vendor constraint"));
        }
    }

    private static IEnumerable<(BoundFeatureName Written, ResolvedName Name)> Resolved(IEnumerable<BoundFeatureName> names, Func<BoundFeatureName, ResolvedName?> resolve)
    {
        foreach (var f in names)
        {
            if (resolve(f) is { } name)
            {
                yield return (f, name);
            }
        }
    }

    private static string Where(ResolvedName name) => name.Coordinates is { } c ? $" ({c})" : string.Empty;
}
