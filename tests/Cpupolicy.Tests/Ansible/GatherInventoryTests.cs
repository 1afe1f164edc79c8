using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Ansible;

/// <summary>
/// The gather role's script (roles/gather/files/gather-inventory.sh) picks the best CPU source a libvirt host has: on
/// x86, `cpuid -r -1` before `virsh capabilities`; on aarch64, /proc/cpuinfo first (no cpuid there, and libvirt's
/// aarch64 capabilities state only a model and SVE). Run against a staging root with stand-in commands on PATH.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class GatherInventoryTests : IDisposable
{
    private static readonly string Script = Path.Combine(
        RepoData.RepoRoot, "ansible", "ansible_collections", "cpupolicy", "fleet", "roles", "gather", "files", "gather-inventory.sh");

    private readonly string root = Directory.CreateTempSubdirectory("cpupolicy-gather-").FullName;

    public GatherInventoryTests()
    {
        var bin = Directory.CreateDirectory(Path.Combine(root, "bin")).FullName;
        foreach (var (name, output) in new[] { ("cpuid", "CPU 0:\n   0x00000000 0x00: eax=0x0000000d"), ("virsh", "<capabilities/>") })
        {
            var path = Path.Combine(bin, name);
            File.WriteAllText(path, $"#!/bin/sh\necho '{output}'\n");
            File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        }

        Directory.CreateDirectory(Path.Combine(root, "proc"));
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Theory]
    [InlineData("aarch64-kunpeng-920-tsv110.cpuinfo", "/proc/cpuinfo", "CPU implementer")]
    [InlineData(null, "cpuid -r -1", "eax=0x0000000d")]
    public void A_libvirt_host_gets_its_best_source(string? cpuinfo, string source, string text)
    {
        File.WriteAllText(Path.Combine(root, "proc", "cpuinfo"), cpuinfo is null
            ? "processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu sse2\n"
            : File.ReadAllText(Path.Combine(RepoData.RepoRoot, "policy", "examples", "hosts", cpuinfo)));
        var result = ChildProcess.Run("sh", [Script, "libvirt", root], new ChildProcess.Options
        {
            Env = new Dictionary<string, string?> { ["PATH"] = $"{Path.Combine(root, "bin")}:/usr/bin:/bin" },
        });
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains($"source: {(source.StartsWith('/') ? root + source : source)}", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(text, result.StdoutText, StringComparison.Ordinal);
    }
}
