using Cpupolicy.Generator;
using Cpupolicy.Generator.Sources;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Database;

/// <summary>
/// The checked-in data files (the JSON and the database image the build embeds) are exactly what cpupolicy-gen
/// produces from the checked-in sources (data/) and the installed peers (QEMU 7.2, Linux headers): this test fails
/// whenever regeneration would change the data (a source changed, or someone edited the JSON by hand).
/// </summary>
public sealed class RegenerationTests
{
    [SkippableFact]
    public void Regenerating_the_database_gives_byte_identical_files()
    {
        Peers.RequireQemu();
        Peers.RequireOrSkip(LinuxSource.FindInstalledHeaders() is not null, "Linux headers (/usr/src/linux-headers-*-common) were not found");

        var files = DatabaseGenerator.Generate(new GeneratorOptions { DataPath = Path.Combine(RepoData.RepoRoot, RepoPaths.SourceDataFolder) });
        var tmp = Directory.CreateTempSubdirectory("cpupolicy-gen-").FullName;
        var differing = new List<string>();
        foreach (var (name, content) in files.Files)
        {
            var fresh = Path.Combine(tmp, name);
            File.WriteAllBytes(fresh, content);
            var checkedIn = Path.Combine(RepoData.RepoRoot, RepoPaths.DataFolder, name);
            if (!File.Exists(checkedIn) || !File.ReadAllBytes(checkedIn).AsSpan().SequenceEqual(File.ReadAllBytes(fresh)))
            {
                differing.Add(name);
            }
        }

        // On failure the fresh files stay in tmp for the diff the message points at.
        Assert.True(differing.Count == 0,
            $"{string.Join(", ", differing)} differ from a fresh regeneration in {tmp}; "
            + "run `dotnet run --project compiler/Cpupolicy.Generator` and review the diff");
        Directory.Delete(tmp, recursive: true);
    }
}
