using Cpupolicy.Compiler.Audit;
using Cpupolicy.Core.Database;
using Iced.Intel;

namespace Cpupolicy.Tests.Audit;

/// <summary>The data file iced-cpuid-features.tsv: complete for the Iced release in use, and every name real.</summary>
public class IcedFeatureMapTests
{
    private static readonly IcedFeatureMap Map = IcedFeatureMap.Default;

    [Fact]
    public void Every_iced_cpuid_feature_has_a_row()
    {
        var missing = Enum.GetValues<CpuidFeature>().Where(f => !Map.Features.ContainsKey(f)).ToList();
        Assert.True(missing.Count == 0, $"add rows to iced-cpuid-features.tsv for: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_mapped_name_is_a_canonical_database_feature_and_every_row_says_why()
    {
        // Parse already refuses an unknown name; this checks the embedded file against the shipped database.
        var db = FeatureDatabase.Default;
        foreach (var row in Map.Features.Values)
        {
            Assert.False(string.IsNullOrWhiteSpace(row.Reason), $"{row.Feature} has no reason");
            if (row.Kind == IcedMappingKind.Features)
            {
                Assert.False(row.Features.IsEmpty, $"{row.Feature} maps to no feature");
                Assert.All(db.Expand(row.Features), f => Assert.Same(f, db.ByCanonicalName(f.Name)));
            }
        }
    }

    [Theory]
    [InlineData(CpuidFeature.AVX2, "avx2")]
    [InlineData(CpuidFeature.SSE3, "pni")]
    [InlineData(CpuidFeature.SSE4_2, "sse4.2")]
    [InlineData(CpuidFeature.LZCNT, "abm")]
    [InlineData(CpuidFeature.SHA, "sha-ni")]
    [InlineData(CpuidFeature.CMPXCHG16B, "cx16")]
    [InlineData(CpuidFeature.PREFETCHW, "3dnowprefetch")]
    public void Iced_names_map_onto_the_backends_spelling(CpuidFeature feature, string name)
    {
        Assert.Equal([name], FeatureDatabase.Default.Expand(Map[feature].Features).Select(f => f.Name));
    }

    [Fact]
    public void Mapped_features_sit_at_the_coordinates_the_reason_column_names()
    {
        // The reason column quotes the CPUID location from Iced's documentation; it must be where the database puts
        // the feature, or the row maps to the wrong bit.
        var db = FeatureDatabase.Default;
        foreach (var row in Map.Features.Values.Where(r => r.Kind == IcedMappingKind.Features && r.Reason.StartsWith("CPUID.", StringComparison.Ordinal)))
        {
            var first = db.Expand(row.Features).First();
            Assert.True(
                row.Reason.StartsWith(first.Location.ToString(), StringComparison.Ordinal),
                $"{row.Feature}: the file says `{row.Reason}`, the database has {first.Name} at {first.Location}");
        }
    }

    [Fact]
    public void Baseline_features_are_never_counted_and_hint_nops_need_nothing()
    {
        Assert.Equal(IcedMappingKind.Baseline, Map[CpuidFeature.INTEL8086].Kind);
        Assert.Equal(IcedMappingKind.Baseline, Map[CpuidFeature.X64].Kind);
        Assert.True(Map.IsExempt(Code.Endbr64));
        Assert.False(Map.IsExempt(Code.VEX_Vpaddd_ymm_ymm_ymmm256));
    }

    [Theory]
    [InlineData("AVX2\tavx2", "three tab-separated columns")]
    [InlineData("AVX2\tavx3\tnone such", "`avx3` is not a canonical feature name")]
    [InlineData("AVX3\tavx2\tno such Iced feature", "`AVX3` is not an Iced CpuidFeature")]
    [InlineData("5\tavx2\tnumbers are not names", "`5` is not an Iced CpuidFeature")]
    [InlineData("AVX2\tavx2\tonce\nAVX2\tavx2\ttwice", "listed twice")]
    [InlineData("code:Endbr64\tibt\tan exemption maps to nothing", "must be `-`")]
    public void A_malformed_mapping_file_is_refused_with_its_line(string text, string message)
    {
        var e = Assert.Throws<InvalidDataException>(() => IcedFeatureMap.Parse(text, FeatureDatabase.Default));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.StartsWith("iced-cpuid-features.tsv:", e.Message, StringComparison.Ordinal);
    }
}
