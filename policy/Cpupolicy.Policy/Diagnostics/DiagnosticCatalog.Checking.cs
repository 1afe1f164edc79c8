namespace Cpupolicy.Policy.Diagnostics;

// CP03xx: checks on the evaluated profiles (dependencies, constraints, vendors, hosts, migratability, VM rules).
// CP0309 (empty profile) is retired: no check ever reported it, and `profile p = {}` is a valid, empty profile.
public static partial class DiagnosticCatalog
{
    public static readonly DiagnosticDescriptor DependencyBroken = new("CP0301", Severity.Error, "feature without its prerequisite");
    public static readonly DiagnosticDescriptor RequiredFeatureMissing = new("CP0302", Severity.Error, "required feature missing");
    public static readonly DiagnosticDescriptor ForbiddenFeaturePresent = new("CP0303", Severity.Error, "forbidden feature present");
    public static readonly DiagnosticDescriptor VendorViolation = new("CP0304", Severity.Error, "host of another vendor");
    public static readonly DiagnosticDescriptor HostLacksFeature = new("CP0305", Severity.Error, "profile has a feature one of its hosts lacks");
    public static readonly DiagnosticDescriptor NonMigratableFeature = new("CP0306", Severity.Warning, "feature blocks live migration");
    public static readonly DiagnosticDescriptor ShadowedVmRule = new("CP0307", Severity.Warning, "vm rule can never match");
    public static readonly DiagnosticDescriptor MixedVendors = new("CP0308", Severity.Warning, "profile spans several vendors");
    public static readonly DiagnosticDescriptor NoProfiles = new("CP0310", Severity.Warning, "policy declares no profile");
}
