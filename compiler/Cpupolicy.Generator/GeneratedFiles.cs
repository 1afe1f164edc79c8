namespace Cpupolicy.Generator;

/// <summary>The generated data files, as the exact text to write (LF line ends, trailing newline).</summary>
public sealed record GeneratedFiles(string FeaturesJson, string ModelsJson, string Aarch64Json)
{
    public const string FeaturesFileName = "features.json";
    public const string ModelsFileName = "models.json";
    public const string Aarch64FileName = Arm64Builder.FileName;

    /// <summary>File name to content, in a fixed order.</summary>
    public IReadOnlyList<(string Name, string Content)> Files =>
        [(FeaturesFileName, FeaturesJson), (ModelsFileName, ModelsJson), (Aarch64FileName, Aarch64Json)];
}
