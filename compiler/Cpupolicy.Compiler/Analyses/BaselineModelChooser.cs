using System.Globalization;
using System.Text.RegularExpressions;
using Cpupolicy.Core.Database;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// Names a baseline with a model of one catalog.
/// <para>
/// libvirt catalogs: what <c>virsh cpu-baseline</c> answers (<c>virCPUx86Baseline</c> → <c>x86Decode</c> for a guest
/// CPU, <c>src/cpu/cpu_x86.c</c>), so an admin sees the model name libvirt itself would print. Walk the catalog newest
/// first, skip models not meant for guests (<c>decode guest='off'</c>) and models of another vendor; every remaining
/// model is a candidate, described by the baseline's features beyond it (<c>require</c>) and its features the
/// baseline lacks (<c>disable</c>). The models the input hosts decode to are "preferred": when there is only one,
/// it wins outright. Otherwise a candidate replaces the current one when its cost is lower, or equal with a lower
/// disabled penalty, or when it is preferred and has a lower disabled penalty.
/// </para>
/// <para>
/// The cost reproduces libvirt's <c>virCPUx86CompareCandidateFeatureList</c> exactly, including a quirk: its loop
/// over the feature list stops at the shrinking count of enabled features, and since disabled features come last,
/// only the first ceil(d/2) of d disabled features are counted as disabled (penalties 2, 3, 4, ...); the rest count
/// as 1 like enabled ones. Checked against libvirt 9.0.0's <c>virsh cpu-baseline</c> on 719 pairs and triples of
/// real CPUs (tests/Cpupolicy.Tests/Analyses/BaselineAgreementTests.cs): the plain penalty rule picks a different
/// model for 14 of them, this one for none.
/// </para>
/// <para>
/// QEMU: the versioned model the baseline contains entirely (QEMU's <c>enforce</c> would refuse a model feature the
/// hosts lack) with the fewest features left over; ties go to the highest version, then by name. Vendor-bound
/// models fit only a single-vendor baseline; a mixed one takes only QEMU's generic models (qemu64, kvm64 ...).
/// </para>
/// </summary>
public static partial class BaselineModelChooser
{
    private const int BasePenalty = 2;

    /// <summary>
    /// libvirt's baseline model for <paramref name="baseline"/> within <paramref name="nameable"/> (the catalog's
    /// feature names), or null when no model is a candidate. <paramref name="vendor"/> Unknown means the hosts'
    /// vendors differ (or are unknown): then only vendor-neutral models are candidates, where libvirt would refuse.
    /// </summary>
    public static ModelFit? ChooseLibvirt(
        string catalog, IEnumerable<CpuModel> models, FeatureSet baseline, FeatureSet nameable, CpuVendor vendor, IReadOnlyCollection<string> preferred)
    {
        var data = baseline & nameable;
        ModelFit? best = null;
        var bestCost = 0;
        var bestPenalty = 0;
        foreach (var candidate in models.OrderByDescending(m => m.Order).ThenByDescending(m => m.Name, StringComparer.Ordinal))
        {
            if (!candidate.DecodeGuest)
            {
                continue;
            }

            if (candidate.Vendor != CpuVendor.Unknown && candidate.Vendor != vendor)
            {
                continue;
            }

            var modelFeatures = (candidate.Features - candidate.Removed) & nameable;
            var extra = data - modelFeatures;
            var missing = modelFeatures - data;
            var isPreferred = preferred.Contains(candidate.Name, StringComparer.Ordinal);
            if (isPreferred && preferred.Count == 1)
            {
                return new ModelFit(catalog, candidate, extra, missing);
            }

            var (cost, penalty) = Cost(extra.Count, missing.Count);
            if (best is null
                || cost < bestCost
                || (cost == bestCost && penalty < bestPenalty)
                || (isPreferred && penalty < bestPenalty))
            {
                best = new ModelFit(catalog, candidate, extra, missing);
                bestCost = cost;
                bestPenalty = penalty;
            }
        }

        return best;
    }

    /// <summary>
    /// QEMU's model for <paramref name="baseline"/>: the versioned model it contains with the fewest features left
    /// over (see the type's summary), or null when none fits. <paramref name="isGeneric"/> tells QEMU's generic
    /// models, the only ones a mixed-vendor baseline may take.
    /// </summary>
    public static ModelFit? ChooseQemu(string catalog, IEnumerable<CpuModel> models, FeatureSet baseline, FeatureSet nameable, CpuVendor vendor, Func<CpuModel, bool> isGeneric) =>
        models
            .Where(m => Versioned().IsMatch(m.Name) && m.Features.IsSubsetOf(baseline))
            .Where(m => vendor == CpuVendor.Unknown ? isGeneric(m) : m.Vendor == vendor || m.Vendor == CpuVendor.Unknown || isGeneric(m))
            .Select(m => new ModelFit(catalog, m, (baseline - m.Features) & nameable, FeatureSet.Empty))
            .OrderBy(f => f.Extra.Count)
            .ThenByDescending(f => Version(f.Model.Name))
            .ThenBy(f => f.Model.Name, StringComparer.Ordinal)
            .FirstOrDefault();

    /// <summary>libvirt's cost of a candidate with <paramref name="enabled"/> required and <paramref name="disabled"/> disabled features.</summary>
    private static (int Cost, int Penalty) Cost(int enabled, int disabled)
    {
        // Only the first ceil(d/2) disabled features reach the penalty loop (see the summary); the others count as 1.
        var counted = (disabled + 1) / 2;
        var penalty = 0;
        for (var i = 0; i < counted; i++)
        {
            penalty += BasePenalty + i;
        }

        return (enabled + (disabled - counted) + penalty, penalty);
    }

    private static int Version(string name) =>
        Versioned().Match(name) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex(@"-v([0-9]+)$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex Versioned();
}
