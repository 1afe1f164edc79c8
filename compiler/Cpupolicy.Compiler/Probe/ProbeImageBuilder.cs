using Cpupolicy.Core.Database;

namespace Cpupolicy.Compiler.Probe;

/// <summary>
/// Builds the probe guest in memory from the feature database: the leaves and MSRs to read come from the features'
/// coordinates, so a feature added to the database is probed without touching this code. Deterministic: the same
/// database gives the same bytes.
/// </summary>
public static class ProbeImageBuilder
{
    private static readonly Lazy<ProbeImage> DefaultLazy = new(() => Build(FeatureDatabase.Default));

    /// <summary>The image for the database built into this release (built once per process).</summary>
    public static ProbeImage Default => DefaultLazy.Value;

    public static ProbeImage Build(FeatureDatabase db)
    {
        var plan = ProbePlan.For(db);
        var (data, code, codeAddress) = ProbeCode.Assemble(plan);
        return new ProbeImage(MultibootElf.Build(data, code, codeAddress), plan, codeAddress);
    }
}
