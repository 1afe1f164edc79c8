using System.Xml.Linq;
using Cpupolicy.Core.Backends.Libvirt;
using Cpupolicy.Core.Backends.Qemu.Arm64;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Database.Arm64;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Core.IO;

namespace Cpupolicy.Hooks;

/// <summary>
/// The libvirt hook's gate for an aarch64 profile: the whole domain against the profile's fragment, as the controls
/// each gives QEMU's <c>-cpu</c> (<see cref="Arm64CpuControls"/>): the <c>&lt;cpu&gt;</c> mode and SVE features, the
/// <c>&lt;features&gt;&lt;pmu&gt;</c>, and the <c>-global host-arm-cpu.KEY=VALUE</c> arguments of
/// <c>&lt;qemu:commandline&gt;</c>, all read by the backend's own reader (<see cref="Arm64LibvirtCpu.Controls"/>).
/// Equal controls give the guest the same view on every host; a field the profile pins and the domain leaves to the
/// host is a difference even when it decodes to the same features (that is the case <c>&lt;cpu&gt;</c> alone misses).
/// </summary>
public static class Arm64DomainChecker
{
    public static CpuComparison Compare(XDocument domain, Arm64DomainFragment fragment, string qemuRelease, string bundlePath, string source)
    {
        if (!Arm64LibvirtCpu.IsArm64(domain))
        {
            var arch = domain.Root is { } root ? Arm64LibvirtCpu.ArchOf(root) : null;
            return CpuComparison.Unbounded($"the domain is {(arch is null ? "of no stated architecture" : HookText.Clean(arch))} (<os><type arch>), the profile aarch64");
        }

        if (domain.Root!.Element("cpu") is null)
        {
            return CpuComparison.Unbounded("the domain has no <cpu>, so it gets the hypervisor's default CPU");
        }

        var wanted = GateDecode.Profile(() => Arm64LibvirtCpu.Controls(fragment.Document, qemuRelease, bundlePath), bundlePath, "aarch64 fragment");

        // A named model or a -cpu of its own: a CPU, but not one the profile describes.
        var (actual, notFixed) = GateDecode.Domain(
            () => Arm64LibvirtCpu.Controls(domain, qemuRelease, source), source, "aarch64 CPU",
            "write the CPU with `cpupolicy apply libvirt`, or fix the <cpu> features and <qemu:commandline> -global arguments");
        if (notFixed is not null)
        {
            return notFixed;
        }

        return actual!.SameAs(wanted) ? CpuComparison.Same : Difference(actual, wanted);
    }

    /// <summary>What the domain gives that the profile does not, in the hook's one log line.</summary>
    private static CpuComparison Difference(Arm64CpuControls actual, Arm64CpuControls wanted)
    {
        var db = Arm64Database.Default;
        List<string> Names(FeatureSet set) => db.Expand(set).Select(f => f.Name).ToList();

        var shows = Names(actual.Seen - wanted.Seen);
        var hides = Names((wanted.Seen - actual.Seen) & actual.Decided);
        var leftToHost = Names((wanted.Decided | wanted.Seen) - actual.Decided - actual.Seen);
        var hidesUndecided = Names(actual.Decided - actual.Seen - wanted.Decided - wanted.Seen);
        var parts = new List<string>();
        if (actual.Model != wanted.Model)
        {
            parts.Add($"the VM's CPU is QEMU's `{actual.Model}`, the profile's `{wanted.Model}`");
        }

        if (shows.Count > 0)
        {
            parts.Add($"the VM has {HookText.List(shows)} which the profile lacks");
        }

        if (hides.Count > 0)
        {
            parts.Add($"the VM lacks {HookText.List(hides)} which the profile has");
        }

        if (leftToHost.Count > 0)
        {
            parts.Add($"the VM leaves {HookText.List(leftToHost)} to the host, which the profile decides (its <qemu:commandline> lacks the profile's -global arguments, or its <features><pmu> or <cpu> SVE setting differs)");
        }

        if (hidesUndecided.Count > 0)
        {
            parts.Add($"the VM hides {HookText.List(hidesUndecided)}, which the profile leaves to the host");
        }

        var pins = wanted.Pinned.Keys.Union(actual.Pinned.Keys, StringComparer.Ordinal)
            .Where(k => wanted.Pinned.GetValueOrDefault(k, -1) != actual.Pinned.GetValueOrDefault(k, -1))
            .Order(StringComparer.Ordinal)
            .Select(k => $"{k} {Level(actual.Pinned, k)} (profile {Level(wanted.Pinned, k)})")
            .ToList();
        if (parts.Count == 0 && pins.Count > 0)
        {
            parts.Add($"the VM pins {HookText.List(pins)}");
        }

        return new CpuComparison(false, shows, hides, parts.Count > 0 ? string.Join("; ", parts) : "its aarch64 CPU controls differ from the profile's");
    }

    private static string Level(IReadOnlyDictionary<string, int> pinned, string key) =>
        pinned.TryGetValue(key, out var level) ? $"at {level}" : "left to the host";
}
