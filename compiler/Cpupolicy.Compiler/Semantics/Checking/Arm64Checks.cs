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
        CheckAlgorithms(profile, value, diagnostics);
        var pmu = db.Expand(value.Features).Where(f => f.Primary.Field.Key == "ID_AA64DFR0_EL1.PMUVer").ToList();
        if (pmu.Count > 0)
        {
            diagnostics.Add(DiagnosticCatalog.Arm64PmuNotMigratable.Create(
                profile.Span,
                $"profile `{profile.Name}` gives the guest a PMU (`{pmu[0].Name}`, {pmu[0].Coordinates}); PMU state does not live-migrate between Kunpeng 920 generations",
                $"subtract it: `... - {{{Arm64Names.Short(pmu[0].Primary.Field)} >= {pmu[0].Primary.Field.LevelName(pmu[0].Primary.Level)}}}` (QEMU: `pmu=off`), unless these VMs never migrate"));
        }
    }

    /// <summary>
    /// CP1031 when the profile gives a feature with alternative fields (paca, pacg) that its hosts are known to have
    /// through different ones (register dumps showing APA on one and API on the other): each host gives the guest
    /// the feature, but a guest that signed pointers under one algorithm fails to authenticate them under the
    /// other, so it must not live-migrate between them. The hosts' minimum then lacks the feature (it was added by
    /// name); hosts known only by hwcaps may use any field and are not held against each other.
    /// </summary>
    private void CheckAlgorithms(ProfileSymbol profile, ProfileValue value, List<Diagnostic> diagnostics)
    {
        var hosts = value.Hosts.Where(h => h.Arm64 is not null).ToList();
        if (hosts.Count < 2 || hosts.Count != value.Hosts.Count)
        {
            return;
        }

        var minimum = hosts.Select(h => h.Arm64!.Levels).Aggregate((a, b) => a.Minimum(b)).Features;
        foreach (var f in db.Expand(value.Features - minimum).Where(f => f.When.Count > 1 && hosts.All(h => h.Arm64!.Features.Contains(f.Index))))
        {
            var uses = hosts.Select(h => (h.Name, Fields: string.Join(" or ", h.Arm64!.Levels.Candidates(f).Select(c => c.Field.Key)))).ToList();
            var other = uses.First(u => u.Fields != uses[0].Fields);
            diagnostics.Add(DiagnosticCatalog.Arm64PauthAlgorithmsDiffer.Create(
                profile.Span,
                $"profile `{profile.Name}` gives `{f.Name}`, which host `{uses[0].Name}` implements with {uses[0].Fields} and host `{other.Name}` with {other.Fields}: different pointer-authentication algorithms, so a guest that moves between them fails to authenticate the pointers it signed",
                $"subtract `{f.Name}` from the profile unless its VMs never live-migrate, or keep hosts of one algorithm in a pool of their own"));
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
