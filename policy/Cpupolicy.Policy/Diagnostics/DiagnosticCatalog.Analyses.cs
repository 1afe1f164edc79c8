namespace Cpupolicy.Policy.Diagnostics;

// CP08xx: the fleet analyses (compiler/Cpupolicy.Compiler/Analyses/): `baseline`, `migrate`, `evacuate`, `diff`,
// `plan` and `report`. Their inputs are inventories, artifacts, policies and compiled outputs, so most problems with
// those are reported by the stage that reads them (CP04xx, CP05xx, ...); these are the ones only an analysis can see.
public static partial class DiagnosticCatalog
{
    public static readonly DiagnosticDescriptor VmNotRecognised = new("CP0801", Severity.Error, "the --vm value is neither a profile, an inventory nor an artifact");
    public static readonly DiagnosticDescriptor HostNotInPolicy = new("CP0802", Severity.Error, "no host of that name in the policy");
    public static readonly DiagnosticDescriptor VmVendorUnknown = new("CP0803", Severity.Warning, "the VM's CPU vendor is unknown, so a vendor change cannot be detected");
    public static readonly DiagnosticDescriptor VmFeaturesHostRelative = new("CP0804", Severity.Error, "the VM's features depend on the host it booted on");
    public static readonly DiagnosticDescriptor MixedVendorBaseline = new("CP0805", Severity.Warning, "the hosts have CPUs of different vendors");
    public static readonly DiagnosticDescriptor BaselineTargetFailed = new("CP0806", Severity.Warning, "the baseline has no artifact for a target");
    public static readonly DiagnosticDescriptor CompiledOutputUnreadable = new("CP0807", Severity.Error, "not a policy or a compiled output with a readable bundle.json");
    public static readonly DiagnosticDescriptor PlanBreaksPolicy = new("CP0808", Severity.Error, "after the planned change the policy no longer compiles");
    public static readonly DiagnosticDescriptor PlanHostAlreadyDeclared = new("CP0809", Severity.Error, "a host added by the plan has the name of a declared host, pool or profile");
    public static readonly DiagnosticDescriptor PoolNotInPolicy = new("CP0810", Severity.Error, "no pool of that name in the policy");

    // CP0820-CP0839: libvirt's CPU semantics in `migrate` (match, check, feature policies, mode, arch).
    public static readonly DiagnosticDescriptor NotX86 = new("CP0820", Severity.Error, "neither the VM nor the host is x86");
    public static readonly DiagnosticDescriptor LibvirtCheckNone = new("CP0821", Severity.Warning, "libvirt will not check the CPU on the destination (check='none')");
}
