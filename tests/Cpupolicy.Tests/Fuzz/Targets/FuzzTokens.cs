using Cpupolicy.Core.Database;

namespace Cpupolicy.Tests.Fuzz.Targets;

/// <summary>
/// Dictionaries for the token mutations, taken from each format's grammar and from the feature and model database
/// (so spliced names are real ones and inputs get past name lookup into the deeper stages).
/// </summary>
public static class FuzzTokens
{
    private static readonly Lazy<string[]> FeatureNames = new(() =>
        FeatureDatabase.Default.Features.Where((_, i) => i % 7 == 0).Select(f => f.Name)
            .Concat(["avx2", "avx", "xsave", "sse4.1", "sse4_1", "pclmuldq", "lahf_lm", "hle", "rtm", "la57", "avx512f", "x2apic", "hypervisor", "arch-capabilities"])
            .Distinct().ToArray());

    private static readonly Lazy<string[]> ModelNames = new(() =>
        ModelDatabase.Default.Models.Where((_, i) => i % 9 == 0).Select(m => m.Name)
            .Concat(["Haswell-v2", "IvyBridge-v2", "Cascadelake-Server-v4", "EPYC-Rome", "x86-64-v3", "qemu64", "host", "max"])
            .Distinct().ToArray());

    public static IReadOnlyList<string> Features => FeatureNames.Value;

    public static IReadOnlyList<string> Models => ModelNames.Value;

    public static IReadOnlyList<string> Policy { get; } =
    [
        "host ", "from ", "is ", "pool ", "profile ", "require ", "forbid ", "vendor ", "vm ", "uses ", "default ", "target ",
        "include ", "intel", "amd", "model(", "baseline(", " - ", " + ", " & ", "{", "}", "(", ")", ",", ",\n", ";", "=", "\"", "\\\"",
        "\\\\", "#", "# c\n", "\n", "\r\n", "\t", "xen", "xapi", "libvirt", "qemu", "kubevirt", "format", "libxl", "xend", "model", "auto",
        "check", "release", "4.22.0", "11.3.0", "\"web-*\"", "\"db??\"", "\"hosts/x86_64-cpuid-Core-i7-3770.xml\"", "\"xcpng-homelab.cpupolicy\"",
        "homelab", "hera", "zeus", "safe", "\u00e9", "\0", "\uFEFF",
    ];

    public static IReadOnlyList<string> Xml { get; } =
    [
        "<?xml version='1.0'?>", "<?xml version=\"1.0\" encoding=\"UTF-16\"?>", "<!DOCTYPE x [<!ENTITY a \"aaaa\">]>", "<!ENTITY % p SYSTEM \"file:///etc/passwd\">",
        "&a;", "&amp;", "&#0;", "&#x110000;", "&lt;", "<![CDATA[", "]]>", "<!--", "-->", "<?pi x?>", "<", ">", "</", "/>", "='", "=\"", "'", "\"",
        " xmlns='urn:x'", " xmlns:cpupolicy='https://cpupolicy.dev/xmlns/1'", "<cpu>", "</cpu>", "<cpu mode='custom' match='exact' check='full'>",
        "<cpu mode='host-passthrough'>", "<cpu mode='host-model'>", "<model fallback='forbid'>", "</model>", "<vendor>Intel</vendor>",
        "<feature policy='require' name='", "<feature policy='disable' name='", "<feature policy='force' name='", "<feature policy='forbid' name='",
        "<feature name='", "'/>", "<domain type='kvm'>", "</domain>", "<name>", "</name>", "<metadata>", "</metadata>",
        "<cpupolicy:profile>", "</cpupolicy:profile>", "<capabilities>", "<host>", "<domainCapabilities>", "<mode name='host-model' supported='yes'>",
        "<cpudata arch='x86'>", "</cpudata>", "<cpuid eax_in='0x00000007' ecx_in='0x00' eax='0x00000000' ebx='0xffffffff' ecx='0x00000000' edx='0x00000000'/>",
        "<msr index='0x10a' edx='0x00000000' eax='0x0000000b'/>", "<topology sockets='1' cores='2' threads='1'/>", "<counter name='tsc_frequency'/>",
    ];

    public static IReadOnlyList<string> Yaml { get; } =
    [
        "---\n", "...\n", "- ", ": ", "? ", "&a ", "*a", "<<: *a", "!!binary ", "!!str ", "!<tag:x> ", "{", "}", "[", "]", "|\n", ">-\n", "'", "\"",
        "\\u0000", "#", "\n  ", "\n    ", "%YAML 1.2\n", "%TAG ! tag:x:\n", "apiVersion: v1\n", "kind: Node\n", "kind: List\n", "metadata:\n", "labels:\n",
        "cpu-feature.node.kubevirt.io/avx2: \"true\"\n", "cpu-model.node.kubevirt.io/Haswell: \"true\"\n", "host-model-cpu.node.kubevirt.io/Skylake-Client-IBRS: \"true\"\n",
        "cpu-vendor.node.kubevirt.io/Intel: \"true\"\n", "spec:\n  domain:\n    cpu:\n", "model: ", "features:\n", "- name: ", "policy: require\n", "policy: disable\n",
        "\"true\"", "\"false\"", "true", "null", "~",
    ];

    public static IReadOnlyList<string> Hex { get; } =
    [
        "0x", "0x00000000", "0xffffffff", "0x00000007", "0x80000001", "0x0000000d", "-", ":", ",", " ", "\n", "00000000", "ffffffff", "1", "x", "k", "s",
        "eax=", "ebx=", "ecx=", "edx=", "0x00:", "0x01:", "CPU 0:", "(subleaf", "e", "g",
    ];

    public static IReadOnlyList<string> Xl { get; } =
    [
        "cpuid = ", "cpuid=[", "]", "\"host,", "host", ",", ":", "=", "'", "\"", "0x00000007,0:ebx=", "0x00000001:ecx=", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "0000000000000000000000000000000", "1", "0", "x", "k", "s", "avx2=0", "avx2=1", "avx=0", "family=6", "model=63", "stepping=2", "# comment\n", "\n",
        ";", "name = \"web-1\"\n", "memory = 1024\n", "+=", "[ ", " ]", "\\", "\r\n",
    ];

    public static IReadOnlyList<string> Qemu { get; } =
    [
        ",", "+", "-", "=on", "=off", "=true", "=false", "=yes", "=no", "=", "host", "max", "qemu64", "kvm64", "base", "Haswell-v2", "EPYC-Rome",
        "-cpu ", "vendor=GenuineIntel", "vendor=AuthenticAMD", "model-id=", "family=", "level=", "xlevel=", "kvm=off", "hv-relaxed", "migratable=on",
        ",,", "\"", "'", " ", "\n",
    ];

    public static IReadOnlyList<string> Json { get; } =
    [
        "{", "}", "[", "]", ",", ":", "\"", "\\u0000", "\\ud800", "null", "true", "false", "0", "-0", "1e999", "\"format\": \"cpupolicy-bundle\"",
        "\"version\": 1", "\"version\": 2", "\"profiles\": []", "\"vms\": []", "\"default\": null", "\"settings\": {\"mode\": \"advise\"}",
        "\"name\": \"safe\"", "\"features\": [\"avx\"]", "\"artifacts\": {}", "\"libvirt\": \"<cpu/>\"", "\"xen\": \"cpuid = []\"", "\"glob\": \"*\"",
        "\"profile\": \"safe\"", "\"vendor\": \"intel\"",
    ];

    public static IReadOnlyList<string> Elf { get; } =
    [
        "\u007fELF", "\u0002\u0001\u0001", "\u0001\u0001\u0001", ">\u0000", "\u0003\u0000", "\u0004\u0000\u0000\u0000", "GNU\u0000", ".text", ".note.gnu.property",
        "\u00c0\u0000\u0002\u00c0", "\u0002\u0080\u0000\u00c0", "\u00ff\u00ff\u00ff\u00ff", "\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000", "\u000f\u00a2",
        "\u00c5\u00fd\u00fe", "\u00c4\u00e2\u007d\u0018", "\u0062\u00f1\u007c\u0048",
    ];
}
