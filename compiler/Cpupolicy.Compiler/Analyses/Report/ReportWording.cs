namespace Cpupolicy.Compiler.Analyses.Report;

/// <summary>
/// The sentence under the report's title: what a compatible cell means, said for the hypervisors the policy targets
/// (a libvirt-only policy is not told about XAPI). Plain text; the template escapes it.
/// </summary>
public static class ReportWording
{
    private static readonly string[] Order = ["xapi", "xen", "libvirt", "qemu", "kubevirt"];

    /// <summary>Who enforces the rule, per backend: the clause after "the host's CPU is checked by".</summary>
    private static readonly Dictionary<string, string> Enforcer = new(StringComparer.Ordinal)
    {
        ["xapi"] = "XAPI, before it starts or migrates a VM",
        ["xen"] = "Xen, when a domain is restored or migrated onto the host",
        ["libvirt"] = "libvirt, before it starts or migrates a domain",
        ["qemu"] = "QEMU, which refuses to start a guest CPU the host cannot give (enforce)",
        ["kubevirt"] = "KubeVirt's scheduler, through the node's CPU feature labels",
    };

    /// <summary>The targeted backends, in a fixed order (unknown names last, as given).</summary>
    public static IReadOnlyList<string> Targets(IEnumerable<string> backends)
    {
        var distinct = backends.Distinct(StringComparer.Ordinal).ToList();
        return Order.Where(distinct.Contains).Concat(distinct.Where(b => !Order.Contains(b)).Order(StringComparer.Ordinal)).ToList();
    }

    /// <summary>The subtitle, e.g. "… Checked by libvirt, before it starts or migrates a domain."</summary>
    public static string Rule(IReadOnlyList<string> targets)
    {
        const string question = "Can a VM booted with each profile start on, and live-migrate to, each host? "
            + "Yes when the host has the profile's CPU vendor and every feature of the profile.";
        var enforcers = targets.Where(Enforcer.ContainsKey).Select(t => Enforcer[t]).ToList();
        return enforcers.Count == 0 ? question : $"{question} Checked by {string.Join("; by ", enforcers)}.";
    }
}
