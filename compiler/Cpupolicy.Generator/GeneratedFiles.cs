using System.Text;

namespace Cpupolicy.Generator;

/// <summary>
/// The generated data files: the JSON files as the exact text to write (LF line ends, trailing newline), and the
/// binary image of the x86 database they describe (<c>Database/Schema/DatabaseImage.cs</c>), which the build embeds.
/// </summary>
public sealed record GeneratedFiles(string FeaturesJson, string ModelsJson, byte[] DatabaseImage, string Aarch64Json)
{
    public const string FeaturesFileName = "features.json";
    public const string ModelsFileName = "models.json";
    public const string ImageFileName = "database.bin";
    public const string Aarch64FileName = Arm64Builder.FileName;

    /// <summary>File name to content, in a fixed order.</summary>
    public IReadOnlyList<(string Name, byte[] Content)> Files =>
    [
        (FeaturesFileName, Encoding.UTF8.GetBytes(FeaturesJson)), (ModelsFileName, Encoding.UTF8.GetBytes(ModelsJson)),
        (ImageFileName, DatabaseImage), (Aarch64FileName, Encoding.UTF8.GetBytes(Aarch64Json)),
    ];
}
