namespace Cpupolicy.Tests.Hostile;

/// <summary>
/// Every command of this build that reads a file, and how. `cpupolicy --help` is compared with this table by
/// <see cref="HostileInputTests.Every_command_that_reads_a_file_is_in_the_table"/>.
/// </summary>
public static class HostileCommands
{
    private const long Mib = 1024 * 1024;

    /// <summary>
    /// Commands that read no file (their arguments are names), covered by the argument tests; `lsp` reads the
    /// protocol on stdin, which the lsp-request fuzz target covers.
    /// </summary>
    public static readonly IReadOnlyList<string> ReadNoFile = ["features", "models", "lsp"];

    private static readonly string PolicyPadHead = HostileWorkspace.Policy + "\n";

    public static IReadOnlyList<HostileCommand> All { get; } =
    [
        Policy("compile", (f, w) => ["compile", f, "--out", w.PathOf("out")]),
        Policy("check", (f, _) => ["check", f]),
        Policy("fmt", (f, _) => ["fmt", f]),
        Inventory("host", (f, _) => ["host", f]),
        Inventory("baseline", (f, w) => ["baseline", f, w.PathOf("hosts/x86_64-cpuid-Core-i7-3770.xml")]),
        Inventory("migrate-to", (f, w) => ["migrate", "--vm", "safe", "--policy", w.PathOf("valid.cpupolicy"), "--to", f]),
        new("migrate-vm", 64 * Mib, VmCpu, [HostileFiles.DeepXml("cpu", 100_000)], "cpu",
            "<cpu mode='custom' match='exact'>\n", "<!-- padding: a cpu element that never closes -->\n", "<model>")
        {
            Args = (f, w) => ["migrate", "--vm", f, "--to", w.PathOf("hosts/x86_64-cpuid-Xeon-E5-2630-v3.xml")],
        },
        Policy("evacuate", (f, _) => ["evacuate", "--policy", f, "--host", "hera"]),
        Policy("diff", (f, w) => ["diff", w.PathOf("valid.cpupolicy"), f]),
        Policy("plan", (f, _) => ["plan", "--policy", f, "--remove", "zeus"]),
        Policy("report", (f, w) => ["report", "--policy", f, "--out", w.PathOf("out/report.html")]),
        Policy("probe", (f, _) => ["probe", "--policy", f, "--profile", "safe"]),
        Policy("test", (f, _) => ["test", f]),
        new("audit", 1024 * Mib, string.Empty, [], null, "\u007fELF", string.Empty, string.Empty)
        {
            Args = (f, _) => ["audit", f],
        },
        new("apply-libvirt", 16 * Mib, HostileWorkspace.Domain, [HostileFiles.DeepXml("domain", 100_000)], "domain",
            "<domain type='kvm'><name>web-1</name>\n", "<!-- padding: a domain that never closes -->\n", "<devices>")
        {
            Args = (f, w) => ["apply", "libvirt", f, "--bundle", w.BundlePath],
        },
        new("apply-xl", 1 * Mib, HostileWorkspace.XlConfig, ["cpuid = " + new string('[', 100_000) + new string(']', 100_000) + "\n"], null,
            "name = \"web-1\"\n", "# padding\n", "= no key\n")
        {
            Args = (f, w) => ["apply", "xl", f, "--bundle", w.BundlePath, "--stdout"],
        },
        new("apply-bundle", 64 * Mib, "BUNDLE", [HostileFiles.DeepJson(100_000)], null,
            "{\"format\": \"cpupolicy-bundle\", \"version\": 1, \"pad\": [\n", "0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,\n", "{")
        {
            Args = (f, w) => ["apply", "libvirt", w.PathOf("domain.xml"), "--bundle", f],
        },
        new("hook-libvirt-stdin", 16 * Mib, HostileWorkspace.Domain, [HostileFiles.DeepXml("domain", 100_000)], "domain",
            "<domain type='kvm'><name>web-1</name>\n", "<!-- padding: a domain that never closes -->\n", "<devices>")
        {
            Args = (_, _) => ["hook", "libvirt", "web-1", "prepare", "begin", "-"],
            Env = (_, w) => new() { ["CPUPOLICY_BUNDLE"] = w.BundlePath, ["CPUPOLICY_ON_ERROR"] = "refuse" },
            ViaStdin = true,
            Names = "web-1",
        },
        new("hook-libvirt-bundle", 64 * Mib, "BUNDLE", [HostileFiles.DeepJson(100_000)], null,
            "{\"format\": \"cpupolicy-bundle\", \"version\": 1, \"pad\": [\n", "0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,\n", "{")
        {
            Args = (_, _) => ["hook", "libvirt", "web-1", "prepare", "begin", "-"],
            Env = (f, _) => new() { ["CPUPOLICY_BUNDLE"] = f, ["CPUPOLICY_ON_ERROR"] = "refuse" },
        },
    ];

    /// <summary>A valid /proc/cpuinfo, the simplest inventory to hide bad bytes in.</summary>
    public const string InventoryText = "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 63\nstepping\t: 2\nflags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep sse sse2 avx\n\n";

    /// <summary>A guest CPU as `migrate --vm` reads it: a libvirt artifact.</summary>
    public const string VmCpu = "<cpu mode='custom' match='exact' check='full'>\n  <model fallback='forbid'>Haswell-noTSX</model>\n  <feature policy='disable' name='avx2'/>\n</cpu>\n";

    public static HostileCommand Get(string name) => All.Single(c => c.Name == name);

    private static HostileCommand Inventory(string name, Func<string, HostileWorkspace, string[]> args) =>
        new(name, 64 * Mib, InventoryText, [HostileFiles.DeepXml("capabilities", 100_000), HostileFiles.DeepYaml(100_000)], "capabilities",
            "<capabilities>\n", "<!-- padding: a capabilities file that never closes -->\n", "<host>")
        {
            Args = args,
        };

    private static HostileCommand Policy(string name, Func<string, HostileWorkspace, string[]> args) =>
        new(name, 64 * Mib, HostileWorkspace.Policy, [HostileFiles.DeepParens(100_000)], null,
            PolicyPadHead, "# padding: comment lines up to just under the size limit\n", "profile = broken\n")
        {
            Args = args,
        };
}
