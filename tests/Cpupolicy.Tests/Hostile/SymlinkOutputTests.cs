using Cpupolicy.Tests.Infrastructure;
namespace Cpupolicy.Tests.Hostile;

/// <summary>
/// Output paths that are symlinks to a file elsewhere (a hostile link planted in the output folder, or a policy
/// kept as a link): every write is a temp file renamed over the path, so the link is replaced by a regular file and
/// its target is never written through; no temp file is left behind.
/// </summary>
public sealed class SymlinkOutputTests : IDisposable
{
    private const string VictimText = "the file a hostile symlink points at; cpupolicy must never write here\n";

    private readonly HostileWorkspace ws = new();
    private readonly string victim;

    public SymlinkOutputTests()
    {
        victim = Path.Combine(Directory.CreateTempSubdirectory("cpupolicy-victim-").FullName, "victim.txt");
        File.WriteAllText(victim, VictimText);
    }

    [Theory]
    [InlineData("safe.xen.cfg")]
    [InlineData("safe.libvirt.xml")]
    [InlineData("bundle.json")]
    public void Compile_replaces_a_symlinked_output_and_never_writes_through_it(string linked)
    {
        var output = ws.PathOf("out");
        Directory.CreateDirectory(output);
        File.CreateSymbolicLink(Path.Combine(output, linked), victim);

        var run = ws.Run("compile", ws.PathOf("valid.cpupolicy"), "--out", output);

        Assert.True(run.ExitCode == 0, run.ToString());
        AssertReplaced(Path.Combine(output, linked));
        HostileAssert.NoTempFiles(output);
    }

    [Fact]
    public void Compile_with_errors_writes_nothing_even_into_a_symlinked_output()
    {
        var output = ws.PathOf("out");
        Directory.CreateDirectory(output);
        var link = Path.Combine(output, "safe.xen.cfg");
        File.CreateSymbolicLink(link, victim);
        File.WriteAllText(ws.PathOf("broken.cpupolicy"), HostileWorkspace.Policy + "profile oops = {no-such-feature}\n");

        var run = ws.Run("compile", ws.PathOf("broken.cpupolicy"), "--out", output);

        HostileAssert.Rejected(run, "broken.cpupolicy");
        Assert.Equal(VictimText, File.ReadAllText(victim));
        Assert.NotNull(new FileInfo(link).LinkTarget);
        HostileAssert.NoOutput(output, exceptFile: link);
    }

    [Fact]
    public void Fmt_of_a_symlinked_policy_replaces_the_link_and_leaves_its_target_alone()
    {
        File.WriteAllText(victim, "profile   p   =   {avx}\n");
        var link = ws.PathOf("linked.cpupolicy");
        File.CreateSymbolicLink(link, victim);

        var run = ws.Run("fmt", link);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("profile   p   =   {avx}\n", File.ReadAllText(victim));
        Assert.Null(new FileInfo(link).LinkTarget);
        Assert.Equal("profile p = {avx}\n", File.ReadAllText(link));
        HostileAssert.NoTempFiles(ws.Dir);
    }

    // `apply` edits VM definitions in place and, by design (Hooks/AtomicReplace.cs), keeps a symlinked definition
    // linked (/etc/xen/auto/ entries are links): the file the link points to is replaced by a rename, never
    // rewritten in place, and no temp file is left behind.
    [Fact]
    public void Apply_libvirt_in_place_keeps_the_link_and_replaces_its_target_by_rename()
    {
        File.WriteAllText(victim, HostileWorkspace.Domain);
        var link = ws.PathOf("domain.xml");
        File.CreateSymbolicLink(link, victim);
        var inode = Inode(victim);

        var run = ws.Run("apply", "libvirt", link, "--bundle", ws.BundlePath, "--in-place");

        Assert.True(run.ExitCode == 0, run.ToString());
        AssertReplacedByRename(link, inode, "<cpu mode=\"custom\"");
    }

    [Fact]
    public void Apply_xl_keeps_the_link_and_replaces_its_target_by_rename()
    {
        File.WriteAllText(victim, HostileWorkspace.XlConfig);
        var link = ws.PathOf("vm.cfg");
        File.CreateSymbolicLink(link, victim);
        var inode = Inode(victim);

        var run = ws.Run("apply", "xl", link, "--bundle", ws.BundlePath);

        Assert.True(run.ExitCode == 0, run.ToString());
        AssertReplacedByRename(link, inode, "cpuid = \"host,");
    }

    public void Dispose()
    {
        ws.Dispose();
        Directory.Delete(Path.GetDirectoryName(victim)!, recursive: true);
    }

    private void AssertReplacedByRename(string link, long inodeBefore, string newText)
    {
        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.Contains(newText, File.ReadAllText(victim), StringComparison.Ordinal);
        Assert.NotEqual(inodeBefore, Inode(victim));
        HostileAssert.NoTempFiles(ws.Dir);
        HostileAssert.NoTempFiles(Path.GetDirectoryName(victim)!);
    }

    /// <summary>The file's inode number (`stat -c %i`): a rename gives the path a new one, a write in place keeps it.</summary>
    private static long Inode(string path)
    {
        var (_, text, _) = ChildProcess.Peer("stat", ["-c", "%i", path]);
        return long.Parse(text.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private void AssertReplaced(string path)
    {
        Assert.Equal(VictimText, File.ReadAllText(victim));
        Assert.Null(new FileInfo(path).LinkTarget);
        Assert.NotEqual(VictimText, File.ReadAllText(path));
    }
}
