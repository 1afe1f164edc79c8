using Cpupolicy.Core.Database;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Database;

/// <summary>Cross-checks the psABI levels of the database against what gcc enables for <c>-march=x86-64-vN</c>.</summary>
public sealed class PsabiLevelTests
{
    // gcc's predefined ISA macros and the feature each one stands for. __XSAVE__ is gcc's side of the psABI's
    // OSXSAVE requirement (the level may use XSAVE-managed state, which the OS must have enabled).
    private static readonly IReadOnlyDictionary<string, string> MacroFeature = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["__MMX__"] = "mmx",
        ["__FXSR__"] = "fxsr",
        ["__SSE__"] = "sse",
        ["__SSE2__"] = "sse2",
        ["__SSE3__"] = "pni",
        ["__SSSE3__"] = "ssse3",
        ["__SSE4_1__"] = "sse4.1",
        ["__SSE4_2__"] = "sse4.2",
        ["__POPCNT__"] = "popcnt",
        ["__LAHF_SAHF__"] = "lahf-lm",
        ["__GCC_HAVE_SYNC_COMPARE_AND_SWAP_16"] = "cx16",
        ["__AVX__"] = "avx",
        ["__AVX2__"] = "avx2",
        ["__BMI__"] = "bmi1",
        ["__BMI2__"] = "bmi2",
        ["__F16C__"] = "f16c",
        ["__FMA__"] = "fma",
        ["__LZCNT__"] = "abm",
        ["__MOVBE__"] = "movbe",
        ["__XSAVE__"] = "osxsave",
        ["__AVX512F__"] = "avx512f",
        ["__AVX512BW__"] = "avx512bw",
        ["__AVX512CD__"] = "avx512cd",
        ["__AVX512DQ__"] = "avx512dq",
        ["__AVX512VL__"] = "avx512vl",
    };

    [SkippableTheory]
    [InlineData("x86-64-v2")]
    [InlineData("x86-64-v3")]
    [InlineData("x86-64-v4")]
    public void Level_has_exactly_the_features_gcc_enables_for_it(string level)
    {
        var gcc = Peers.RequireExecutable("gcc");
        var (code, stdout, stderr) = ChildProcess.Peer(gcc, [$"-march={level}", "-dM", "-E", "-"]);
        Assert.True(code == 0, stderr);
        var macros = stdout.Split('\n').Select(l => l.Split(' ')).Where(p => p.Length >= 2 && p[0] == "#define")
            .Select(p => p[1]).ToHashSet(StringComparer.Ordinal);

        var model = ModelDatabase.Default.Find(ModelDatabase.Psabi, level);
        Assert.NotNull(model);
        var db = FeatureDatabase.Default;
        foreach (var (macro, feature) in MacroFeature)
        {
            Assert.True(
                macros.Contains(macro) == model.Features.Contains(db.Get(feature)),
                $"{level}: gcc {(macros.Contains(macro) ? "defines" : "does not define")} {macro}, the database {(model.Features.Contains(db.Get(feature)) ? "has" : "lacks")} {feature}");
        }
    }

    [Fact]
    public void Levels_are_cumulative()
    {
        var db = ModelDatabase.Default;
        var levels = new[] { "x86-64-v1", "x86-64-v2", "x86-64-v3", "x86-64-v4" }.Select(l => db.Find(ModelDatabase.Psabi, l)!).ToList();
        for (var i = 1; i < levels.Count; i++)
        {
            Assert.True(levels[i - 1].Features.IsSubsetOf(levels[i].Features));
            Assert.True(levels[i].Features.Count > levels[i - 1].Features.Count);
        }
    }
}
