using Cpupolicy.Compiler.Inventory;

namespace Cpupolicy.Tests.Diagnostics;

// CP04xx: inventory files, through the reader `host`, `baseline` and policies use.
public static partial class DiagnosticCases
{
    private const string Leaf0 = "   0x00000000 0x00: eax=0x0000000d ebx=0x756e6547 ecx=0x6c65746e edx=0x49656e69";
    private const string Leaf1 = "   0x00000001 0x00: eax=0x000306a9 ebx=0x00100800 ecx=0x7fbae3ff edx=0xbfebfbff";

    private static IEnumerable<DiagnosticCase> Inventory =>
    [
        InventoryError("CP0401", "text in no inventory format", "hello world\n"),
        InventoryError("CP0402", "a CPUID dump with a garbage line", $"CPU:\n{Leaf0}\nhello\n"),
        InventoryError("CP0403", "truncated virsh capabilities", "<capabilities>\n  <host>\n    <cpu>\n      <model>Broadwell</model>\n"),
        InventoryError("CP0404", "XML with an entity declaration", "<!DOCTYPE cpu [<!ENTITY x 'y'>]>\n<cpu>&x;</cpu>\n"),
        InventoryError("CP0405", "libvirt cpudata for arm", "<cpudata arch='arm'>\n</cpudata>"),
        InventoryError("CP0406", "a host CPU model libvirt does not know", "<cpu>\n  <model>Skylake-Clent</model>\n</cpu>"),
        InventoryWarning("CP0407", "a host CPU feature the database does not know", "<cpu>\n  <feature name='avx2'/>\n  <feature name='no-such-feature'/>\n</cpu>"),
        InventoryError("CP0408", "/proc/cpuinfo without flags", "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\n\n"),
        InventoryError("CP0409", "a Xen featureset with a bad word", "17cbfbff-f7fa32zz-2d93fbff"),
        InventoryError("CP0410", "a Kubernetes object that is not a node", "kind: Pod\nmetadata:\n  labels:\n    cpu-vendor.node.kubevirt.io/Intel: \"true\"\n"),
        InventoryError("CP0411", "a probe output with an unknown line", "cpupolicy-probe v1\nleaf 7\nend\n"),
        InventoryError("CP0412", "a probe output without its end line", "cpupolicy-probe v1\ncpuid 00000000 00000000 0000000d 756e6547 6c65746e 49656e69\n"),
        InventoryError("CP0413", "XML nested 200 deep", "<cpu>" + string.Concat(Enumerable.Repeat("<a>", 200)) + string.Concat(Enumerable.Repeat("</a>", 200)) + "</cpu>"),
        InventoryError("CP0414", "a CPUID dump cut before the extended leaves", $"CPU:\n{Leaf0}\n{Leaf1}\n"),
        InventoryError("CP0415", "a CPUID dump with one leaf twice, different", $"CPU 0:\n{Leaf0}\n{Leaf1}\n{Leaf1.Replace("0x7fbae3ff", "0x00000000", StringComparison.Ordinal)}\n"),
        InventoryWarning("CP0416", "a Xen featureset with bits no release names", string.Join('-', Enumerable.Repeat("00000000", 29).Append("80000000"))),
        InventoryError("CP0417", "a YAML file with two nodes", "kind: Node\nmetadata: {labels: {cpu-vendor.node.kubevirt.io/Intel: \"true\"}}\n---\nkind: Node\n"),
        InventoryError("CP0418", "an empty file", "  \n\n"),
        InventoryWarning("CP0420", "dom0's /proc/cpuinfo with the hypervisor flag", "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 63\nflags\t\t: fpu tsc msr pae cx8 apic sep cmov sse sse2 lm sse4_2 hypervisor\n\n"),
        InventoryError("CP0421", "a bundle.json given as an inventory", "{\n  \"format\": \"cpupolicy-bundle\",\n  \"version\": 1,\n  \"profiles\": []\n}\n"),
        InventoryError("CP0421", "a policy given as an inventory", "host zeus is Haswell-v4\nprofile p = zeus\n"),
    ];

    private static DiagnosticCase InventoryError(string code, string what, string text) =>
        Case(code, what, _ => Thrown(() => InventoryReader.Parse(text, "case.inventory")));

    private static DiagnosticCase InventoryWarning(string code, string what, string text) =>
        Case(code, what, _ => InventoryReader.Parse(text, "case.inventory").Warnings.Select(d => d.Code));
}
