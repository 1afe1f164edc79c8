using Cpupolicy.Compiler.Inventory;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Database.Arm64;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// The fleet analyses for aarch64 hosts: the minimum feature set of several hosts (the field-wise minimum of their
/// ID-register levels, signed fields as signed) and whether a VM started with one feature set can run on a host.
/// </summary>
public static class Arm64Fleet
{
    /// <summary>Refuses a mix of x86 and aarch64 inventories with <see cref="DiagnosticCatalog.MixedArchitectures"/>.</summary>
    public static void RequireOneArch(IReadOnlyList<HostCapability> hosts)
    {
        var arm = hosts.Where(h => h.Arm64 is not null).ToList();
        var x86 = hosts.Where(h => h.Arm64 is null).ToList();
        if (arm.Count > 0 && x86.Count > 0)
        {
            throw new DiagnosticException(DiagnosticCatalog.MixedArchitectures.Create(
                SourceSpan.WholeFile(x86[0].SourcePath),
                $"`{x86[0].SourcePath}` is an x86 host but `{arm[0].SourcePath}` is an aarch64 host: no guest CPU runs on both",
                "give hosts of one architecture; keep one pool (and one profile) per architecture"));
        }
    }

    /// <summary>
    /// The warnings of several inventories with every CP1003 (hwcaps without a field level) folded into one that names
    /// each file once and each ignored name once, at the first file's position: a fleet of Kunpeng hosts would
    /// otherwise repeat "evtstrm cpuid" per file.
    /// </summary>
    public static IReadOnlyList<Diagnostic> MergeIgnoredHwcaps(IReadOnlyList<Diagnostic> warnings)
    {
        var ignored = warnings.Where(w => w.Code == DiagnosticCatalog.Arm64HwcapIgnored.Code).ToList();
        if (ignored.Count <= 1)
        {
            return warnings;
        }

        var names = ignored.SelectMany(w => w.Message[(w.Message.LastIndexOf(": ", StringComparison.Ordinal) + 2)..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Distinct(StringComparer.Ordinal).ToList();
        var files = ignored.Select(w => $"`{w.Span.File}`").Distinct(StringComparer.Ordinal).ToList();
        var merged = DiagnosticCatalog.Arm64HwcapIgnored.Create(
            ignored[0].Span,
            $"{names.Count} name(s) in the Features lines of {string.Join(", ", files)} have no ID-register level in the database and were ignored: {string.Join(" ", names)}",
            ignored[0].Hint);
        return [merged, .. warnings.Where(w => w.Code != DiagnosticCatalog.Arm64HwcapIgnored.Code)];
    }

    /// <summary>The field-wise minimum of the hosts' levels: the features a guest may have to run on every one.</summary>
    public static Arm64Levels Baseline(IReadOnlyList<Arm64Host> hosts) =>
        hosts.Select(h => h.Levels).Aggregate((a, b) => a.Minimum(b));

    /// <summary>The features of <paramref name="vm"/> the host lacks (hwcap names where Linux has them), in database order.</summary>
    public static IReadOnlyList<Arm64Feature> Missing(Arm64Levels vm, Arm64Host to) =>
        vm.Database.Expand(vm.Features - to.Features).ToList();
}
