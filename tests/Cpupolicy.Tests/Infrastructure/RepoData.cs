namespace Cpupolicy.Tests.Infrastructure;

/// <summary>
/// The repository root and the real-world data checked in under <c>data/</c> (one folder per source; each folder's
/// README says where it came from). The data is part of every checkout, so a test never skips for want of it: a
/// missing file means a broken checkout, and the test fails saying which.
/// </summary>
public static class RepoData
{
    /// <summary>The repository root (the folder holding PolicyCompiler.sln).</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>libvirt 11.3.0's <c>tests/cputestdata</c>: raw CPUID dumps of 46 real CPUs and libvirt's expected results.</summary>
    public static string LibvirtTestData => Require("libvirt-11.3.0/cputestdata");

    /// <summary>libvirt 9.0.0's expected results where they differ from 11.3.0's (a file missing here is identical there).</summary>
    public static string LibvirtTestData900 => Require("libvirt-9.0.0/cputestdata");

    /// <summary>libvirt 11.3.0's <c>src/cpu_map</c> (x86 features, vendors, models).</summary>
    public static string LibvirtCpuMap => Require("libvirt-11.3.0/cpu_map");

    /// <summary>libvirt 9.0.0's <c>src/cpu_map</c>, the map Debian 12's libvirt installs.</summary>
    public static string LibvirtCpuMap900 => Require("libvirt-9.0.0/cpu_map");

    /// <summary>Xen's featureset tables, <c>featureset-&lt;release&gt;.json</c>.</summary>
    public static string Xen => Require("xen");

    /// <summary>One Sapphire Rapids-class VM read as <c>cpuid -r</c>, <c>/proc/cpuinfo</c> and <c>virsh capabilities</c>.</summary>
    public static string Samples => Require("samples");

    /// <summary>The path of a file or folder under <c>data/</c>; fails (never skips) when the checkout lacks it.</summary>
    public static string Require(string relative)
    {
        var path = Path.Combine(RepoRoot, "data", relative);
        Assert.True(File.Exists(path) || Directory.Exists(path), $"data/{relative} is missing from the checkout");
        return path;
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PolicyCompiler.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("cannot find PolicyCompiler.sln above the test binaries");
    }
}
