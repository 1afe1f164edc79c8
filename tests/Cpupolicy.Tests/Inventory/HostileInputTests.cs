using System.Text;
using Cpupolicy.Compiler.Inventory;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Tests.Hostile;

namespace Cpupolicy.Tests.Inventory;

/// <summary>
/// Bad, truncated and hostile inventory files: each must fail with its own code at the right line (and column where
/// the format has one), never with a crash, a hang, entity expansion or a file read.
/// </summary>
public class HostileInputTests
{
    private const string Leaf0 = "   0x00000000 0x00: eax=0x0000000d ebx=0x756e6547 ecx=0x6c65746e edx=0x49656e69";
    private const string Leaf1 = "   0x00000001 0x00: eax=0x000306a9 ebx=0x00100800 ecx=0x7fbae3ff edx=0xbfebfbff";
    private const string Ext0 = "   0x80000000 0x00: eax=0x80000001 ebx=0x00000000 ecx=0x00000000 edx=0x00000000";

    public static TheoryData<string, string, string, int, int> Cases() => new()
    {
        // name, text, code, line, column (0 = any)
        { "billion laughs", BillionLaughs, "CP0404", 2, 0 },
        { "external entity", "<?xml version='1.0'?>\n<!DOCTYPE cpudata [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>\n<cpudata>&x;</cpudata>\n", "CP0404", 2, 0 },
        { "external DTD", "<!DOCTYPE cpu SYSTEM 'http://example.invalid/cpu.dtd'>\n<cpu/>\n", "CP0404", 1, 0 },
        { "truncated cpudata", "<cpudata arch='x86'>\n  <cpuid eax_in='0x00000000' ecx_in='0x00' eax='0x0000000d' ebx='0x756e6547' ecx='0x6c65746e' edx='0x49656e69'/>\n  <cpuid eax_in='0x000", "CP0403", 3, 0 },
        { "truncated virsh capabilities", "<capabilities>\n  <host>\n    <cpu>\n      <model>Broadwell</model>\n      <feature name='vmx'/>\n", "CP0403", 0, 0 },
        { "deep XML", "<cpu>" + string.Concat(Enumerable.Repeat("<a>", 200)) + string.Concat(Enumerable.Repeat("</a>", 200)) + "</cpu>", "CP0413", 1, 0 },
        { "bad cpudata number", "<cpudata arch='x86'>\n  <cpuid eax_in='0x00000000' eax='zz'/>\n</cpudata>", "CP0405", 2, 0 },
        { "missing eax_in", "<cpudata arch='x86'>\n  <cpuid ecx_in='0x00' eax='0x1'/>\n</cpudata>", "CP0405", 2, 3 },
        { "unknown cpudata element", "<cpudata arch='x86'>\n  <leaf id='1'/>\n</cpudata>", "CP0405", 2, 3 },
        { "arm cpudata", "<cpudata arch='arm'>\n</cpudata>", "CP0405", 1, 0 },
        { "not an inventory XML", "<domain type='kvm'><name>vm</name></domain>", "CP0401", 0, 0 },
        { "cpu without cpu", "<capabilities>\n  <guest/>\n</capabilities>", "CP0405", 1, 1 },
        { "bad feature policy", "<cpu>\n  <feature policy='sometimes' name='vmx'/>\n</cpu>", "CP0405", 2, 12 },
        { "cpuid short value", $"CPU:\n{Leaf0}\n   0x00000001 0x00: eax=0x000306a9 ebx=0x00100800 ecx=0x7fbae3ff edx=0xbfeb", "CP0402", 3, 66 },
        { "cpuid missing register", $"CPU:\n{Leaf0}\n   0x00000001 0x00: eax=0x000306a9 ebx=0x00100800 ecx=0x7fbae3ff", "CP0402", 3, 65 },
        { "cpuid garbage line", $"CPU:\n{Leaf0}\nhello\n", "CP0402", 3, 1 },
        { "cpuid without leaf 0", $"CPU:\n{Leaf1}\n{Ext0}\n", "CP0414", 0, 0 },
        { "cpuid cut before the extended leaves", $"CPU:\n{Leaf0}\n{Leaf1}\n", "CP0414", 4, 1 },
        { "cpuid cut inside the extended leaves", $"CPU:\n{Leaf0}\n{Leaf1}\n{Ext0}\n", "CP0414", 5, 1 },
        { "cpuid conflicting leaf", $"CPU 0:\n{Leaf0}\n{Leaf1}\n{Leaf1.Replace("0x7fbae3ff", "0x00000000", StringComparison.Ordinal)}\n", "CP0415", 4, 4 },
        { "probe without end", "cpupolicy-probe v1\ncpuid 00000000 00000000 0000000d 756e6547 6c65746e 49656e69\n", "CP0412", 3, 1 },
        { "probe short field", "cpupolicy-probe v1\ncpuid 00000000 00000000 0000000d 756e6547 6c65746e 49656e6\nend\n", "CP0411", 2, 52 },
        { "probe 0x prefix", "cpupolicy-probe v1\nmsr 0x10a 000000000000006b\nend\n", "CP0411", 2, 5 },
        { "probe unknown line", "cpupolicy-probe v1\nleaf 7\nend\n", "CP0411", 2, 1 },
        { "probe version 2", "boot noise\ncpupolicy-probe v2\nend\n", "CP0411", 2, 1 },
        { "probe extra field", "cpupolicy-probe v1\nmsr 0000010a 000000000000006b 1\nend\n", "CP0411", 2, 31 },
        { "xen bad word", "17cbfbff-f7fa32zz-2d93fbff", "CP0409", 1, 10 },
        { "xen long word", "17cbfbff:1f7fa32230", "CP0409", 1, 10 },
        { "xen empty word", "17cbfbff--2d93fbff", "CP0409", 1, 10 },
        { "yaml alias", "a: &x [1, 2]\nkind: Node\nmetadata:\n  labels:\n    cpu-vendor.node.kubevirt.io/Intel: *x\n", "CP0410", 5, 40 },
        { "yaml billion laughs", YamlLaughs, "CP0410", 2, 0 },
        { "yaml deep", "kind: Node\nmetadata: " + new string('[', 200) + new string(']', 200) + "\n", "CP0413", 2, 0 },
        { "yaml not a node", "kind: Pod\nmetadata:\n  labels:\n    cpu-vendor.node.kubevirt.io/Intel: \"true\"\n", "CP0410", 1, 7 },
        { "yaml two nodes", "kind: List\nitems:\n- kind: Node\n  metadata: {labels: {cpu-vendor.node.kubevirt.io/Intel: \"true\"}}\n- kind: Node\n  metadata: {labels: {cpu-vendor.node.kubevirt.io/AMD: \"true\"}}\n", "CP0417", 5, 3 },
        { "yaml two documents", "kind: Node\nmetadata: {labels: {cpu-vendor.node.kubevirt.io/Intel: \"true\"}}\n---\nkind: Node\n", "CP0417", 0, 0 },
        { "yaml syntax", "kind: Node\nmetadata:\n  labels: {cpu-vendor.node.kubevirt.io/Intel: \"true\"\n", "CP0410", 0, 0 },
        { "json truncated", "{\n  \"kind\": \"Node\",\n  \"metadata\": {\n    \"labels\": {\n      \"cpu-feature.node.kubevirt.io/avx\": \"tr", "CP0410", 0, 0 },
        { "node without kubevirt labels", "kind: Node\nmetadata:\n  labels:\n    kubernetes.io/os: linux\n", "CP0410", 4, 5 },
        { "cpuinfo without flags", "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\n\n", "CP0408", 0, 0 },
        { "cpuinfo cut in the flags", "processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu vme de pse ts", "CP0408", 4, 1 },
        { "cpuinfo bad family", "processor\t: 0\ncpu family\t: six\nflags\t\t: fpu\npower management:\n", "CP0408", 2, 14 },
        { "xen cut off", "17cbfbff-f7fa3223-2d93f", "CP0409", 1, 19 },
        { "empty", "  \n\n", "CP0418", 0, 0 },
        { "unknown text", "hello world\n", "CP0401", 0, 0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_input_fails_with_its_code_and_place(string name, string text, string code, int line, int column)
    {
        var d = Fail(text, $"{name}.txt");
        Assert.Equal(code, d.Code);
        Assert.Equal(Severity.Error, d.Severity);
        Assert.Equal($"{name}.txt", d.Span.File);
        if (line > 0)
        {
            Assert.Equal(line, d.Span.Line);
        }

        if (column > 0)
        {
            Assert.Equal(column, d.Span.Column);
        }

        Assert.DoesNotContain("Exception", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void External_entities_are_never_resolved()
    {
        var secret = Path.GetTempFileName();
        try
        {
            File.WriteAllText(secret, "<cpu><model>Skylake-Client</model></cpu>");
            var text = $"<!DOCTYPE cpu [<!ENTITY x SYSTEM '{new Uri(secret).AbsoluteUri}'>]>\n<capabilities><host>&x;</host></capabilities>";
            Assert.Equal("CP0404", Fail(text, "xxe.xml").Code);
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [Fact]
    public void A_huge_line_of_nesting_does_not_overflow_the_stack()
    {
        var text = new StringBuilder("kind: Node\nmetadata: ");
        text.Append('[', 100_000).Append(']', 100_000);
        Assert.Equal("CP0413", Fail(text.ToString(), "deep.yaml").Code);
        Assert.Equal("CP0413", Fail("<cpu>" + string.Concat(Enumerable.Repeat("<a>", 100_000)), "deep.xml").Code);
    }

    private static Diagnostic Fail(string text, string path)
    {
        var e = Assert.Throws<DiagnosticException>(() => InventoryReader.Parse(text, path));
        return e.Diagnostic;
    }

    private static string BillionLaughs => HostileFiles.BillionLaughs("cpudata");

    private const string YamlLaughs = """
        a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
        b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
        c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
        kind: Node
        metadata: {labels: {cpu-vendor.node.kubevirt.io/Intel: "true"}}
        """;
}
