using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Tests.Hooks;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Reliability;

/// <summary>
/// <c>compile --out</c>, <c>apply xl</c> and <c>apply libvirt --in-place</c> on a real full disk (a small tmpfs filled
/// to the byte) and on a real read-only file system (the same tmpfs remounted read-only): each fails with CP0004 and
/// a sentence, no stack trace, and every file that was there before has the same bytes after, with no temp file left.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class FullDiskTests : IDisposable
{
    private static readonly string Code = DiagnosticCatalog.OutputNotWritable.Code;

    private readonly FaultFolder folder = new();

    [SkippableFact]
    public void A_full_disk_fails_cleanly_and_keeps_the_previous_files()
    {
        using var disk = Mount();
        var (cfg, xml, outDir) = Populate(disk);
        var before = Snapshot(disk.Dir);
        disk.Fill();
        var withFiller = Snapshot(disk.Dir);
        RunAll(folder.Path("new.cpupolicy"), cfg, xml, outDir);
        Assert.Equal(withFiller, Snapshot(disk.Dir));
        Assert.Equal(before.Keys.Append("filler").Order(StringComparer.Ordinal), withFiller.Keys.Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public void A_read_only_file_system_fails_cleanly_and_keeps_the_previous_files()
    {
        using var disk = Mount();
        var (cfg, xml, outDir) = Populate(disk);
        var before = Snapshot(disk.Dir);
        disk.RemountReadOnly();
        RunAll(folder.Path("new.cpupolicy"), cfg, xml, outDir);
        var fresh = FaultFolder.Compile(folder.Write("p.cpupolicy", FaultFolder.NewPolicy), Path.Combine(disk.Dir, "new-out"));
        FaultFolder.AssertCleanFailure(fresh, Code);
        Assert.Equal(before, Snapshot(disk.Dir));
    }

    public void Dispose() => folder.Dispose();

    private static void RunAll(string policy, string cfg, string xml, string outDir)
    {
        var bundle = Path.Combine(outDir, "bundle.json");
        var env = new Dictionary<string, string?> { ["CPUPOLICY_SYSLOG_SOCKET"] = "none" };
        FaultFolder.AssertCleanFailure(FaultFolder.Compile(policy, outDir), Code);
        FaultFolder.AssertCleanFailure(ChildProcess.Cpupolicy(env, null, FaultFolder.Deadline, "apply", "xl", cfg, "--bundle", bundle), Code);
        FaultFolder.AssertCleanFailure(ChildProcess.Cpupolicy(env, null, FaultFolder.Deadline, "apply", "libvirt", "--in-place", xml, "--bundle", bundle), Code);
    }

    private Tmpfs Mount()
    {
        var disk = Tmpfs.TryMount(folder.Path("disk"), 1024);
        Skip.If(disk is null, "mounting a tmpfs needs root (CAP_SYS_ADMIN)");
        return disk!;
    }

    /// <summary>The previous files on the small disk: a compiled bundle folder, an xl config and a domain XML.</summary>
    private (string Cfg, string Xml, string OutDir) Populate(Tmpfs disk)
    {
        folder.Write("new.cpupolicy", FaultFolder.NewPolicy);
        var old = folder.Write("old.cpupolicy", FaultFolder.OldPolicy);
        var outDir = Path.Combine(disk.Dir, "out");
        var compiled = FaultFolder.Compile(old, outDir);
        Assert.True(compiled.ExitCode == 0, compiled.Stderr);
        var cfg = Path.Combine(disk.Dir, "web.cfg");
        File.WriteAllText(cfg, "name = \"web-01\"\nmemory = 1024\n");
        var xml = Path.Combine(disk.Dir, "web.xml");
        File.WriteAllText(xml, HookPolicy.Domain("web-01", "<cpu mode='host-passthrough'/>"));
        return (cfg, xml, outDir);
    }

    /// <summary>Every file under <paramref name="dir"/> (hidden temp files included) with a hash of its bytes.</summary>
    private static SortedDictionary<string, string> Snapshot(string dir) => new(
        Directory.GetFiles(dir, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .ToDictionary(f => Path.GetRelativePath(dir, f), f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))),
        StringComparer.Ordinal);
}
