namespace Cpupolicy.Core.Diagnostics;

// CP04xx: inventory files (what a host can do), read by compiler/Cpupolicy.Compiler/Inventory/.
// Every reader error names the file and the line and column (or the XML/YAML element) at fault.
public static partial class DiagnosticCatalog
{
    public static readonly DiagnosticDescriptor UnknownInventoryFormat = new("CP0401", Severity.Error, "unrecognised inventory file");
    public static readonly DiagnosticDescriptor CpuidDumpSyntax = new("CP0402", Severity.Error, "malformed CPUID dump line");
    public static readonly DiagnosticDescriptor InventoryXmlMalformed = new("CP0403", Severity.Error, "malformed or truncated XML");
    public static readonly DiagnosticDescriptor InventoryDtdProhibited = new("CP0404", Severity.Error, "DTD or entity declaration in XML input");
    public static readonly DiagnosticDescriptor InventoryXmlContent = new("CP0405", Severity.Error, "unexpected element or attribute in inventory XML");
    public static readonly DiagnosticDescriptor UnknownInventoryModel = new("CP0406", Severity.Error, "CPU model unknown to the libvirt maps");
    public static readonly DiagnosticDescriptor InventoryFeatureIgnored = new("CP0407", Severity.Warning, "feature names not in the database were ignored");
    public static readonly DiagnosticDescriptor ProcCpuinfoIncomplete = new("CP0408", Severity.Error, "/proc/cpuinfo without the fields cpupolicy needs");
    public static readonly DiagnosticDescriptor XenFeaturesetSyntax = new("CP0409", Severity.Error, "malformed Xen featureset");
    public static readonly DiagnosticDescriptor KubevirtNodeInvalid = new("CP0410", Severity.Error, "not a readable KubeVirt node");
    public static readonly DiagnosticDescriptor ProbeSyntax = new("CP0411", Severity.Error, "malformed probe line");
    public static readonly DiagnosticDescriptor ProbeTruncated = new("CP0412", Severity.Error, "probe output without its end line");
    public static readonly DiagnosticDescriptor InventoryTooDeep = new("CP0413", Severity.Error, "inventory nested too deeply");
    public static readonly DiagnosticDescriptor CpuidDumpIncomplete = new("CP0414", Severity.Error, "CPUID dump without the leaves cpupolicy needs");
    public static readonly DiagnosticDescriptor CpuidLeafConflict = new("CP0415", Severity.Error, "one CPUID leaf or MSR given twice with different values");
    public static readonly DiagnosticDescriptor XenFeaturesetUnknownBits = new("CP0416", Severity.Warning, "featureset bits unknown to the database were ignored");
    public static readonly DiagnosticDescriptor KubevirtSeveralNodes = new("CP0417", Severity.Error, "several nodes in one inventory file");
    public static readonly DiagnosticDescriptor InventoryEmpty = new("CP0418", Severity.Error, "empty inventory file");
}
