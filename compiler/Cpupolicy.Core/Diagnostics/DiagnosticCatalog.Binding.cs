namespace Cpupolicy.Core.Diagnostics;

// CP02xx: binding names to features, models, hosts, pools and profiles.
// CP0210 and CP0211 (target option checks) are retired: the backends judge their options (CP05xx).
public static partial class DiagnosticCatalog
{
    public static readonly DiagnosticDescriptor UndeclaredName = new("CP0201", Severity.Error, "undeclared name");
    public static readonly DiagnosticDescriptor DuplicateName = new("CP0202", Severity.Error, "name declared twice");
    public static readonly DiagnosticDescriptor UnknownFeature = new("CP0203", Severity.Error, "unknown feature");
    public static readonly DiagnosticDescriptor UnknownModel = new("CP0204", Severity.Error, "unknown CPU model");
    public static readonly DiagnosticDescriptor IncludeCycle = new("CP0205", Severity.Error, "include cycle");
    public static readonly DiagnosticDescriptor IncludeUnreadable = new("CP0206", Severity.Error, "included file cannot be read");
    public static readonly DiagnosticDescriptor HostInventoryUnreadable = new("CP0207", Severity.Error, "host inventory cannot be read");
    public static readonly DiagnosticDescriptor WrongKindOfName = new("CP0208", Severity.Error, "name of the wrong kind");
    public static readonly DiagnosticDescriptor UnknownBackend = new("CP0209", Severity.Error, "unknown target backend");
    public static readonly DiagnosticDescriptor DuplicateTarget = new("CP0212", Severity.Error, "target declared twice");
    public static readonly DiagnosticDescriptor DuplicateDefault = new("CP0213", Severity.Error, "default declared twice");
    public static readonly DiagnosticDescriptor ProfileCycle = new("CP0214", Severity.Error, "profile defined in terms of itself");
    public static readonly DiagnosticDescriptor PoolCycle = new("CP0215", Severity.Error, "pool contains itself");
}
