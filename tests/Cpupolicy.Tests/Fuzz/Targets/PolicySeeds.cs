using Cpupolicy.Tests.Fuzz.Harness;

namespace Cpupolicy.Tests.Fuzz.Targets;

/// <summary>Policy files already in the repository: the golden cases and the examples.</summary>
public static class PolicySeeds
{
    public static IEnumerable<string> Files(FuzzPaths paths)
    {
        foreach (var dir in new[] { paths.Repo("tests", "cases"), paths.Repo("policy", "examples") })
        {
            if (Directory.Exists(dir))
            {
                foreach (var file in Directory.EnumerateFiles(dir, "*.cpupolicy", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    yield return file;
                }
            }
        }
    }
}
