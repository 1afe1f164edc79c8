using Cpupolicy.Core.Backends.Libvirt;
using Cpupolicy.Core.Database;
using Cpupolicy.Compiler.Semantics.Binding;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Compiler.Analyses;

/// <summary>
/// <c>cpupolicy migrate</c>: can a VM whose boot CPU is <see cref="VmCpu"/> run on a host? The rule is XAPI's
/// (<c>Cpuid_helpers.assert_vm_is_compatible</c>, research xen.md §5.2): the vendor must be the same, and every
/// feature the VM booted with must be one the host can give a guest (its capability, max-only features included, as
/// XAPI compares against <c>features_hvm</c>). It is applied to every feature the VM sees, so leaves Xen's
/// featureset does not level (leaf 6 <c>arat</c>, SVM's leaf) count too; on Xen's own bits it is XAPI's verdict.
/// <para>
/// A libvirt <c>&lt;cpu&gt;</c> is also put through libvirt's own comparison (<see cref="LibvirtComparison"/>: arch,
/// stated vendor, <c>forbid</c>, required features, <c>match='strict'</c>), and the move is incompatible when either
/// rule says so. What the VM sees follows libvirt's policies: <c>force</c>d features only where the boot host has
/// them (all of them without <c>--from</c>), <c>optional</c> ones where the boot host has them, and under
/// <c>match='minimum'</c>, <c>host-model</c> and <c>host-passthrough</c> the boot host's features. Without
/// <c>--from</c>, features only the boot host decides make the answer "depends on the boot host" when the destination
/// lacks any of them.
/// </para>
/// </summary>
public static class MigrationCheck
{
    /// <param name="vm">the VM's CPU description.</param>
    /// <param name="from">the host the VM booted on, if known: it decides what the description leaves to the hypervisor.</param>
    /// <param name="to">the destination.</param>
    public static MigrationVerdict Check(VmCpu vm, HostSymbol? from, HostSymbol to)
    {
        var warnings = new List<Diagnostic>();
        var libvirtCpu = vm.Libvirt is { } definition ? Expand(definition, from) : null;
        var libvirt = libvirtCpu is null ? null : LibvirtComparison.Compare(libvirtCpu, to);
        if (vm.Libvirt?.Check == "none")
        {
            warnings.Add(DiagnosticCatalog.LibvirtCheckNone.Create(
                SourceSpan.WholeFile(vm.Source),
                "with check='none' libvirt starts the guest without comparing its CPU with the host, so a move this verdict calls incompatible may still start, with features silently missing",
                "use check='full' (or 'partial') so libvirt refuses what cannot work"));
        }

        var vmArch = vm.ForeignArch ?? from?.Inventory?.ForeignArch;
        var toArch = to.Inventory?.ForeignArch;
        if (vmArch is not null || toArch is not null)
        {
            if (vmArch == toArch)
            {
                throw new DiagnosticException(DiagnosticCatalog.NotX86.Create(
                    SourceSpan.WholeFile(vm.Source),
                    $"the VM and host `{to.Name}` are both {vmArch}; cpupolicy compares x86 CPUs, and aarch64 ones given as inventories, profiles, or artifacts with an aarch64 boot host (--from)",
                    vmArch == "aarch64"
                        ? "give the aarch64 VM as an inventory (the host it runs with `-cpu host`), a profile of --policy, or a -cpu/libvirt artifact with --from an aarch64 host (docs/arm64.md)"
                        : "give x86 descriptions (x86_64 or i686)"));
            }

            return new MigrationVerdict
            {
                Status = MigrationStatus.Incompatible,
                Missing = FeatureSet.Empty,
                VmFeatures = FeatureSet.Empty,
                ArchMismatch = $"the VM's CPU is {vmArch ?? "x86"}, host `{to.Name}` is {toArch ?? "x86"}: no migration across architectures",
                VmVendor = vm.Vendor,
                HostVendor = to.Vendor,
                Libvirt = libvirt,
                Warnings = warnings,
            };
        }

        var features = vm.Features;
        if (vm.HostRelative)
        {
            if (from is null)
            {
                throw new DiagnosticException(DiagnosticCatalog.VmFeaturesHostRelative.Create(
                    SourceSpan.WholeFile(vm.Source),
                    "an xl `cpuid=` keeps Xen's default for every bit it does not set, so the VM's features depend on the host it booted on",
                    "name that host with `--from` (an inventory file, or a host of `--policy`)"));
            }

            features &= from.Capability;
        }

        var switchedOff = vm.Libvirt is { } d ? d.Disable | d.Forbid : FeatureSet.Empty;
        var fromBootHost = BootHostPart(vm, from);
        var uncertain = FeatureSet.Empty;
        string? dependsReason = null;
        if (from is not null)
        {
            // Features no backend can name are what the boot host's hypervisor shows by default.
            features |= from.DefaultView - vm.Controlled;
            features |= (vm.Forced | vm.Optional) & from.Capability;
            features |= fromBootHost - switchedOff;
        }
        else
        {
            // A forced feature reaches the guest only where the boot host has it; unknown, it is taken as seen.
            features |= vm.Forced;
            uncertain = vm.Optional;
            dependsReason = vm.Optional.IsEmpty ? null : "policy='optional' features are on only where the boot host has them";
            if (vm.FromBootHost != VmBootHostShare.None)
            {
                var universe = vm.FromBootHost == VmBootHostShare.Passthrough ? vm.Controlled : vm.Libvirt?.Vocabulary ?? vm.Controlled;
                uncertain |= universe - features - switchedOff;
                dependsReason = vm.FromBootHost switch
                {
                    VmBootHostShare.Minimum => "match='minimum': at start libvirt adds every feature of the boot host it names",
                    VmBootHostShare.HostModel => "mode='host-model': the guest CPU is the boot host's CPU as libvirt names it",
                    _ => "mode='host-passthrough': the guest sees the boot host's CPU",
                };
            }
        }

        var vendor = vm.Vendor != CpuVendor.Unknown ? vm.Vendor : from?.Vendor ?? CpuVendor.Unknown;
        if (vendor == CpuVendor.Unknown || to.Vendor == CpuVendor.Unknown)
        {
            warnings.Add(DiagnosticCatalog.VmVendorUnknown.Create(
                SourceSpan.WholeFile(vendor == CpuVendor.Unknown ? vm.Source : to.Name),
                vendor == CpuVendor.Unknown
                    ? $"`{vm.Source}` does not say which CPU vendor the VM booted on, so a move to another vendor is not detected"
                    : $"the CPU vendor of host `{to.Name}` is unknown, so a move to another vendor is not detected",
                "name the VM's boot host with `--from`, or give an inventory that states the vendor"));
        }

        var missing = features - to.Capability;
        var depends = uncertain - to.Capability - missing;
        var vendorMismatch = vendor != CpuVendor.Unknown && to.Vendor != CpuVendor.Unknown && vendor != to.Vendor;
        var status = vendorMismatch || !missing.IsEmpty || libvirt is { Compatible: false }
            ? MigrationStatus.Incompatible
            : depends.IsEmpty ? MigrationStatus.Compatible : MigrationStatus.DependsOnBootHost;
        var verdict = new MigrationVerdict
        {
            Status = status,
            Missing = missing,
            VendorMismatch = vendorMismatch,
            Forbidden = libvirt?.Message == LibvirtComparison.ForbiddenMessage ? libvirt.Features : FeatureSet.Empty,
            StrictExtra = libvirt?.Message == LibvirtComparison.StrictMessage ? libvirt.Features : FeatureSet.Empty,
            DependsOnBootHost = depends,
            DependsReason = depends.IsEmpty ? null : dependsReason,
            VmVendor = vendor,
            HostVendor = to.Vendor,
            VmFeatures = features,
            Libvirt = libvirt,
            Warnings = warnings,
        };
        return verdict with { DiffersFromLibvirt = WhyDifferent(verdict, vm, from) };
    }

    /// <summary>
    /// The CPU libvirt compares: as written, except that a host-model CPU is first expanded on its boot host (as
    /// libvirt does at start); null for host-passthrough (libvirt compares no CPU for it) and an unexpanded host-model.
    /// </summary>
    private static LibvirtCpuDefinition? Expand(LibvirtCpuDefinition cpu, HostSymbol? from) => cpu.Mode switch
    {
        "custom" => cpu,
        "host-model" when from is not null => cpu with
        {
            Mode = "custom",
            Match = "exact",
            ModelFeatures = (from.Decoded & cpu.Vocabulary) - cpu.Disable - cpu.Forbid,
            Vendor = from.Vendor,
        },
        _ => null,
    };

    /// <summary>What the boot host adds to the VM's CPU under minimum, host-model and host-passthrough.</summary>
    private static FeatureSet BootHostPart(VmCpu vm, HostSymbol? from) => (vm.FromBootHost, from) switch
    {
        (_, null) or (VmBootHostShare.None, _) => FeatureSet.Empty,
        (VmBootHostShare.Passthrough, _) => from.Capability,
        _ => from.Capability & (vm.Libvirt?.Vocabulary ?? from.Capability),
    };

    /// <summary>Why the verdict is not libvirt's; by construction it is never compatible where libvirt's is incompatible.</summary>
    private static string? WhyDifferent(MigrationVerdict verdict, VmCpu vm, HostSymbol? from)
    {
        if (verdict.Libvirt is not { } libvirt || libvirt.Compatible == verdict.Compatible)
        {
            return null;
        }

        var reasons = new List<string>();
        var db = FeatureDatabase.Default;
        string Names(FeatureSet set) => string.Join(", ", db.Expand(set).Select(f => f.Spellings.Libvirt ?? f.Name));
        if (verdict.VendorMismatch)
        {
            reasons.Add($"the VM booted on a {verdict.VmVendor.LibvirtName()} host and this one is {verdict.HostVendor.LibvirtName()}; libvirt checks the vendor only when the <cpu> states one");
        }

        var forced = verdict.Missing & vm.Forced;
        if (!forced.IsEmpty)
        {
            reasons.Add(from is null
                ? $"forced feature(s) {Names(forced)} are not on this host: libvirt does not check forced features, but a VM that saw them on its boot host loses them here (under KVM a forced feature the host lacks does not reach the guest); name the boot host with --from if it lacked them too"
                : $"forced feature(s) {Names(forced)} were on the boot host, so the guest has them, and this host lacks them: libvirt does not check forced features");
        }

        var fromHost = verdict.Missing - vm.Forced - vm.Features;
        if (vm.FromBootHost != VmBootHostShare.None && !fromHost.IsEmpty)
        {
            reasons.Add($"feature(s) {Names(fromHost)} came from the boot host ({Share(vm)}) and this host lacks them: libvirt's comparison checks only what the <cpu> lists, its migration sends the expanded CPU");
        }
        else if (!fromHost.IsEmpty && !(vm.Optional & fromHost).IsEmpty)
        {
            reasons.Add($"optional feature(s) {Names(vm.Optional & fromHost)} were on the boot host, so the guest has them, and this host lacks them: libvirt's comparison does not check optional features");
        }

        if (!verdict.DependsOnBootHost.IsEmpty)
        {
            reasons.Add($"{verdict.DependsReason}, and this host lacks {Names(verdict.DependsOnBootHost)}: whether the guest has them depends on the boot host, which libvirt's comparison ignores; name it with --from");
        }

        if (reasons.Count == 0)
        {
            reasons.Add($"the guest sees feature(s) {Names(verdict.Missing)} this host cannot give it");
        }

        return string.Join("; ", reasons);
    }

    private static string Share(VmCpu vm) => vm.FromBootHost switch
    {
        VmBootHostShare.Minimum => "match='minimum'",
        VmBootHostShare.HostModel => "mode='host-model'",
        VmBootHostShare.Passthrough => "mode='host-passthrough'",
        _ => "the boot host's defaults",
    };
}
