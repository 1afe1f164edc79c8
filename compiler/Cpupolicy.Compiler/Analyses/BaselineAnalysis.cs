using Cpupolicy.Compiler.Backends;
using Cpupolicy.Compiler.Emit;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Database.Arm64;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// <c>cpupolicy baseline</c> as a library call: read the hosts, refuse a mix of architectures, and compute what all of
/// them offer a guest. aarch64 hosts get their field-wise minimum; x86 hosts the baseline, the best model of each
/// catalog and every requested backend's artifact (one backend failing is a warning, the others still emit).
/// </summary>
public static class BaselineAnalysis
{
    /// <param name="targets">the backends to emit for (validated by the caller); empty = every backend.</param>
    /// <param name="report">receives each warning as it arises (the hosts' own, mixed vendors, a backend that failed).</param>
    public static BaselineOutcome Run(
        IReadOnlyList<string> files, TextReader? stdin, IReadOnlyCollection<string> targets, string catalog, Action<Diagnostic> report,
        BackendRegistry? registry = null, ModelDatabase? models = null)
    {
        registry ??= BackendRegistry.Default;
        models ??= ModelDatabase.Default;
        var hosts = FleetHost.Read(files, stdin, models.FeatureDb, models);
        // One CP1003 for all aarch64 files: every Kunpeng /proc/cpuinfo names `evtstrm` and `cpuid`.
        foreach (var warning in Arm64Fleet.MergeIgnoredHwcaps(hosts.SelectMany(h => h.Inventory.Warnings).ToList()))
        {
            report(warning);
        }

        Arm64Fleet.RequireOneArch(hosts.Select(h => h.Inventory).ToList());
        if (hosts.All(h => h.Inventory.Arm64 is not null))
        {
            return new BaselineOutcome(hosts, null, Arm64Fleet.Baseline(hosts.Select(h => h.Inventory.Arm64!).ToList()), new Dictionary<string, string?>());
        }

        var baseline = FleetBaselineCalculator.Compute(hosts, catalog, models, TargetGuestKinds.Of(targets));
        if (baseline.MixedVendors)
        {
            report(DiagnosticCatalog.MixedVendorBaseline.Create(
                SourceSpan.WholeFile(files[0]),
                $"the hosts are {string.Join(" and ", baseline.Vendors.Select(v => v.LibvirtName()))}: " + FleetBaseline.CrossVendorStatement,
                "keep one pool per vendor, and move VMs between vendors only with a full shutdown and start"));
        }

        var artifacts = ArtifactEmitter.EmitEach(
            baseline.Profile,
            registry.All.Where(b => targets.Count == 0 || targets.Contains(b.Name, StringComparer.Ordinal)),
            (backend, e) => report(DiagnosticCatalog.BaselineTargetFailed.Create(e.Diagnostic.Span, $"no {backend.Name} artifact for the baseline: {e.Diagnostic.Message}", e.Diagnostic.Hint)));
        return new BaselineOutcome(hosts, baseline, null, artifacts);
    }
}

/// <summary>What <see cref="BaselineAnalysis"/> found: the x86 baseline with its artifacts, or the aarch64 levels.</summary>
public sealed record BaselineOutcome(
    IReadOnlyList<FleetHost> Hosts, FleetBaseline? X86, Arm64Levels? Arm64, IReadOnlyDictionary<string, string?> Artifacts);
