using Cpupolicy.Core.Database;

namespace Cpupolicy.Compiler.Audit;

/// <summary>What decoding a binary's code found: per feature, the instructions that need it; and totals.</summary>
public sealed record CodeCensus(
    IReadOnlyList<FeatureUse> Features,
    IReadOnlyList<UnnamedFeatureUse> Unnamed,
    long Instructions,
    long InvalidInstructions,
    long CodeBytes)
{
    public static CodeCensus Empty { get; } = new([], [], 0, 0, 0);

    /// <summary>The features some instruction needs.</summary>
    public FeatureSet Contained => FeatureSet.Of(Features.Select(f => f.Feature));
}
