using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Analyses;

/// <summary>
/// The bundled example policies (policy/examples/), and variants of them written to a temporary folder with their
/// inventory paths made absolute, so a test can change a line without touching the examples.
/// </summary>
public sealed class Examples : IDisposable
{
    private readonly DirectoryInfo temp = Directory.CreateTempSubdirectory("cpupolicy-examples-");

    public static string Folder => System.IO.Path.Combine(RepoData.RepoRoot, "policy", "examples");

    /// <summary>The temporary folder the variants live in (tests may put outputs here too).</summary>
    public string Temp => temp.FullName;

    public static string Path(string name) => System.IO.Path.Combine(Folder, name + ".cpupolicy");

    /// <summary>A copy of an example with each <c>(old, new)</c> replacement applied (each must occur).</summary>
    public string Variant(string name, string variantName, params (string Old, string New)[] replacements)
    {
        var text = File.ReadAllText(Path(name)).Replace("\"hosts/", $"\"{Folder}/hosts/", StringComparison.Ordinal);
        foreach (var (old, @new) in replacements)
        {
            Assert.True(text.Contains(old, StringComparison.Ordinal), $"{name}: `{old}` not found; has the example changed?");
            text = text.Replace(old, @new, StringComparison.Ordinal);
        }

        var path = System.IO.Path.Combine(temp.FullName, variantName + ".cpupolicy");
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => temp.Delete(recursive: true);
}
