using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Docs;

/// <summary>
/// A temporary copy of the parts of the repository that documentation examples may use (<c>policy/examples/</c>
/// with its <c>hosts/</c>, and <c>fuzz/corpus/</c>), so that examples run from a "repository root" without
/// dirtying the real tree. Blocks marked <c>file=NAME</c> are written into <c>policy/examples/</c> first, so that
/// other examples can <c>include</c> them.
/// </summary>
public sealed class ScratchRepository : IDisposable
{
    private static readonly string[] CopiedFolders = ["policy/examples", "fuzz/corpus"];

    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("cpupolicy-docs-");

    public ScratchRepository()
    {
        foreach (var folder in CopiedFolders)
        {
            Copy(Path.Combine(RepoData.RepoRoot, folder), Path.Combine(root.FullName, folder));
        }

        foreach (var block in FencedBlock.All().Where(b => b.Language == "cpupolicy" && b.Markers.ContainsKey("file")))
        {
            var name = block.Markers["file"];
            Assert.False(string.IsNullOrEmpty(name) || name.Contains('/', StringComparison.Ordinal), $"{block.Where}: `file=` needs a plain file name");
            var path = Path.Combine(Examples, name!);
            Assert.False(File.Exists(path), $"{block.Where}: `file={name}` is already taken (by the repository or another block)");
            File.WriteAllText(path, block.Body);
        }
    }

    /// <summary>The root of the copy: commands in examples run here.</summary>
    public string Root => root.FullName;

    /// <summary>The copy of <c>policy/examples/</c>: policy examples are compiled as files of this folder.</summary>
    public string Examples => Path.Combine(root.FullName, "policy", "examples");

    public void Dispose() => root.Delete(recursive: true);

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var dir in Directory.GetDirectories(from))
        {
            Copy(dir, Path.Combine(to, Path.GetFileName(dir)));
        }
    }
}
