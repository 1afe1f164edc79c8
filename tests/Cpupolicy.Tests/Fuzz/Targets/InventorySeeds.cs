using Cpupolicy.Tests.Fuzz.Harness;

namespace Cpupolicy.Tests.Fuzz.Targets;

/// <summary>Inventory files to seed from, read where they are: the examples' hosts, the inventory samples and a slice of libvirt's CPU test data (data/).</summary>
public static class InventorySeeds
{
    public static IEnumerable<string> All(FuzzPaths paths) =>
        Examples(paths).Concat(Samples(paths)).Concat(LibvirtData(paths, "x86_64-cpuid-*.xml", 12)).Concat(LibvirtData(paths, "x86_64-cpuid-*-host.xml", 6));

    public static IEnumerable<string> Examples(FuzzPaths paths) => Files(paths.Repo("policy", "examples", "hosts"), "*");

    public static IEnumerable<string> Samples(FuzzPaths paths, string pattern = "*") =>
        Files(paths.Data("samples"), pattern).Where(f => !f.EndsWith(".md", StringComparison.Ordinal));

    /// <summary>The aarch64 /proc/cpuinfo samples (Kunpeng 920, Neoverse N1 and V1 servers).</summary>
    public static IEnumerable<string> Arm64Samples(FuzzPaths paths) => Files(paths.Data("samples", "aarch64"), "*.cpuinfo");

    /// <summary>libvirt's view of aarch64 hosts: the reader's test files (capabilities, domcapabilities) and the aarch64 models of libvirt's cpu_map.</summary>
    public static IEnumerable<string> Arm64Libvirt(FuzzPaths paths) =>
        Files(paths.Repo("tests", "Cpupolicy.Tests", "Inventory", "Arm64Libvirt"), "*.xml").Concat(Files(paths.Data("libvirt-9.0.0", "cpu_map"), "arm_*.xml"));

    /// <summary>Every <paramref name="step"/>-th matching file of libvirt's test data: enough variety, few enough to stay fast.</summary>
    public static IEnumerable<string> LibvirtData(FuzzPaths paths, string pattern, int step) =>
        Files(paths.Data("libvirt-11.3.0", "cputestdata"), pattern).Where((_, i) => i % step == 0);

    private static IEnumerable<string> Files(string dir, string pattern) =>
        Directory.Exists(dir) ? Directory.EnumerateFiles(dir, pattern).Order(StringComparer.Ordinal) : [];
}
