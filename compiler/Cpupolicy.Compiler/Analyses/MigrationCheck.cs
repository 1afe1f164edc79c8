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
/// </summary>
public static class MigrationCheck
{
    /// <param name="vm">the VM's CPU description.</param>
    /// <param name="from">the host the VM booted on, if known: it decides what the description leaves to the hypervisor.</param>
    /// <param name="to">the destination.</param>
    public static MigrationVerdict Check(VmCpu vm, HostSymbol? from, HostSymbol to)
    {
        var warnings = new List<Diagnostic>();
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

        if (from is not null)
        {
            // Features no backend can name are what the boot host's hypervisor shows by default.
            features |= from.DefaultView - vm.Controlled;
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

        return new MigrationVerdict
        {
            Missing = features - to.Capability,
            VendorMismatch = vendor != CpuVendor.Unknown && to.Vendor != CpuVendor.Unknown && vendor != to.Vendor,
            VmVendor = vendor,
            HostVendor = to.Vendor,
            VmFeatures = features,
            Warnings = warnings,
        };
    }
}
