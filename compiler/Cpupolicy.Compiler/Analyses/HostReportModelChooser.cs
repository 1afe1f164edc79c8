using Cpupolicy.Core.Database;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// libvirt's host-CPU decode (<c>x86Decode</c> in <c>src/cpu/cpu_x86.c</c>), on feature sets: the newest named model
/// the host can run, with the host's extra features. Matching libvirt exactly matters because the model name is what
/// an admin compares with <c>virsh capabilities</c> and what libvirt artifacts will say.
/// <list type="number">
/// <item>Walk the catalog's models newest first (reverse <c>index.xml</c> order), skipping models not meant for host
/// decoding (<c>&lt;decode host='off'&gt;</c>) and models of another vendor (vendor-neutral models stay).</item>
/// <item>A model is eligible only if the host has every one of its features.</item>
/// <item>A model whose signature (family, model, stepping list) names the host's CPU beats one whose does not, and
/// once one does, only signature-matching models may replace it; otherwise strictly fewer extra features win, so on
/// a tie the newer model stays.</item>
/// </list>
/// </summary>
public static class HostReportModelChooser
{
    public static HostReportChoice? Choose(
        IEnumerable<CpuModel> catalog, FeatureSet hostFeatures, CpuVendor vendor, int? family, int? model, int? stepping)
    {
        HostReportChoice? best = null;
        var extraCount = int.MaxValue;
        foreach (var candidate in catalog.OrderByDescending(m => m.Order).ThenByDescending(m => m.Name, StringComparer.Ordinal))
        {
            if (!candidate.DecodeHost)
            {
                continue;
            }

            if (vendor != CpuVendor.Unknown && candidate.Vendor != CpuVendor.Unknown && candidate.Vendor != vendor)
            {
                continue;
            }

            if (!candidate.Features.IsSubsetOf(hostFeatures))
            {
                continue;
            }

            var extra = hostFeatures - candidate.Features;
            var matches = family is { } f && model is { } m && candidate.Signatures.Any(s => SignatureMatches(s, f, m, stepping));
            var count = extra.Count;
            if (best is null
                || (matches && !best.SignatureMatches)
                || (matches == best.SignatureMatches && count < extraCount))
            {
                best = new HostReportChoice(candidate, extra, matches);
                extraCount = count;
            }
        }

        return best;
    }

    /// <summary>An unknown stepping matches only signatures that do not restrict the stepping.</summary>
    private static bool SignatureMatches(CpuSignature signature, int family, int model, int? stepping) =>
        stepping is { } s ? signature.Matches(family, model, s) : signature.Family == family && signature.Model == model && signature.Steppings is null;
}
