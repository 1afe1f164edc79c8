using Cpupolicy.Compiler.Semantics.Binding;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Database.Arm64;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Semantics.Checking;

/// <summary>
/// The check stage for aarch64 profiles: one architecture per profile (CP1004, naming the hosts), <c>require</c>,
/// <c>forbid</c> and <c>vendor</c> over field levels, no level above what a host has, and the PMU warning (a guest
/// PMU does not live-migrate between Kunpeng generations). Names of the other architecture are CP1007.
/// </summary>
public sealed class Arm64Checks
{
    private readonly Arm64Database db = Arm64Database.Default;

    public void Check(ProfileSymbol profile, ProfileValue value, List<Diagnostic> diagnostics)
    {
        var x86 = value.Hosts.Where(h => h.Arm64 is null).Select(h => $"`{h.Name}`").ToList();
        var arm = value.Hosts.Where(h => h.Arm64 is not null).Select(h => $"`{h.Name}`").ToList();
        if (x86.Count > 0 && arm.Count > 0)
        {
            diagnostics.Add(DiagnosticCatalog.MixedArchitectures.Create(
                profile.Span,
                $"profile `{profile.Name}` derives from x86 host {string.Join(", ", x86)} and aarch64 host {string.Join(", ", arm)}: no guest CPU runs on both",
                "give each architecture its own pool and profile"));
            return;
        }

        ProfileRules.CheckConstraints(profile, value, f => f.Arm64 is { } a ? new ProfileRules.ResolvedName(a.Index, a.Name, a.Coordinates) : null, diagnostics);
        ProfileRules.CheckHostsHaveFeatures(profile, value, set => db.Expand(set).Select(f => f.Name), diagnostics);
        var pmu = db.Expand(value.Features).Where(f => f.Primary.Field.Key == "ID_AA64DFR0_EL1.PMUVer").ToList();
        if (pmu.Count > 0)
        {
            diagnostics.Add(DiagnosticCatalog.Arm64PmuNotMigratable.Create(
                profile.Span,
                $"profile `{profile.Name}` gives the guest a PMU (`{pmu[0].Name}`, {pmu[0].Coordinates}); PMU state does not live-migrate between Kunpeng 920 generations",
                $"subtract it: `... - {{{Arm64Names.Short(pmu[0].Primary.Field)} >= {pmu[0].Primary.Field.LevelName(pmu[0].Primary.Level)}}}` (QEMU: `pmu=off`), unless these VMs never migrate"));
        }
    }

    /// <summary>CP1007 for each name or model of the other architecture, once per place.</summary>
    public static void ReportForeign(IEnumerable<(string Profile, string Written, SourceSpan Span, string Arch)> foreign, List<Diagnostic> diagnostics)
    {
        foreach (var f in foreign.Distinct())
        {
            var other = f.Arch == CpuArchitecture.Aarch64 ? CpuArchitecture.X86 : CpuArchitecture.Aarch64;
            diagnostics.Add(DiagnosticCatalog.FeatureOfOtherArch.Create(
                f.Span,
                $"`{f.Written}` is an {other} name, but profile `{f.Profile}` is an {f.Arch} profile",
                f.Arch == CpuArchitecture.Aarch64
                    ? "name aarch64 features by hwcap (`asimddp`) or field level (`ISAR0.DP >= 1`); docs/arm64.md tells how"
                    : "aarch64 names belong in a profile over aarch64 hosts; keep one profile per architecture"));
        }
    }
}
