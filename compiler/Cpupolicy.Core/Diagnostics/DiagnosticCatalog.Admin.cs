namespace Cpupolicy.Core.Diagnostics;

// CP0840-CP0859: the analyses over what an admin has at hand: running VMs read through the platform's own tool
// (`xe`, `virsh`, `kubectl`) and the rough edges of command lines. CP0420-CP0439: inventories as admins have them
// (bulk files, guest views).
public static partial class DiagnosticCatalog
{
    public static readonly DiagnosticDescriptor LiveToolFailed = new("CP0840", Severity.Error, "the platform's tool (xe, virsh, kubectl) failed or printed what cpupolicy cannot read");
    public static readonly DiagnosticDescriptor LiveHostUnknown = new("CP0841", Severity.Error, "the platform does not know the host");
    public static readonly DiagnosticDescriptor LiveVmNotRunning = new("CP0842", Severity.Error, "no running VM of that name on the policy's hosts");
    public static readonly DiagnosticDescriptor LiveVmCpuUnknown = new("CP0843", Severity.Warning, "a running VM's boot CPU cannot be told from what the platform records");
    public static readonly DiagnosticDescriptor LiveVmNotJudgeable = new("CP0845", Severity.Error, "the running VM's boot CPU cannot be told, so its move cannot be judged");
    public static readonly DiagnosticDescriptor InputIsDirectory = new("CP0844", Severity.Error, "a directory was given where a file is expected");
    // CP0846-CP0849: `migrate` of a KubeVirt VMI or virt-launcher pod against node labels.
    public static readonly DiagnosticDescriptor KubevirtVmInvalid = new("CP0846", Severity.Error, "not a readable KubeVirt VMI or virt-launcher pod");
    public static readonly DiagnosticDescriptor KubevirtTargetNotNode = new("CP0847", Severity.Error, "a VMI or pod is placed by node labels, but the destination is no KubeVirt node");
    public static readonly DiagnosticDescriptor KubevirtHostModelUnknown = new("CP0848", Severity.Warning, "a host-model VMI whose source node's labels are not given");
    public static readonly DiagnosticDescriptor InventoryIsGuestView = new("CP0420", Severity.Warning, "the inventory is a guest's view of the CPU, not the host's");
    public static readonly DiagnosticDescriptor InventoryIsOtherFile = new("CP0421", Severity.Error, "the file is a cpupolicy file of another kind, not an inventory");
    public static readonly DiagnosticDescriptor NodeNameNotAHostName = new("CP0422", Severity.Error, "a node of a node list has a name a policy host cannot have");
}
