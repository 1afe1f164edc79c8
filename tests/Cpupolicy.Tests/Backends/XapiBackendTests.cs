using System.Text.RegularExpressions;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Ir;

namespace Cpupolicy.Tests.Backends;

public partial class XapiBackendTests
{
    private static readonly FeatureDatabase Db = TestProfiles.Db;

    private static ProfileIr Profile(params string[] names) => new()
    {
        Name = "p",
        Features = Db.CloseUnderRequires(Db.SetOf(names)),
    };

    [Theory]
    [InlineData("4.17.7", 19)]
    [InlineData("4.22.0", 19)]
    public void The_featureset_has_every_word_of_the_release(string release, int words)
    {
        var text = TestTargets.Backend("xapi").Emit(Profile("avx2"), TestTargets.Options("xapi", ("release", release)));
        var featureset = FeaturesetLine().Match(text).Groups[1].Value;
        Assert.Equal(words, featureset.Split('-').Length);
        Assert.All(featureset.Split('-'), w => Assert.Matches("^[0-9a-f]{8}$", w));
    }

    [Fact]
    public void The_artifact_says_how_to_apply_it_and_that_cpu_type_does_not_exist()
    {
        var text = TestTargets.Backend("xapi").Emit(Profile("avx2"), TargetOptions.Defaults("xapi"));
        var featureset = FeaturesetLine().Match(text).Groups[1].Value;
        Assert.Contains($"xe vm-param-set uuid=<VM-UUID> platform:featureset={featureset}\n", text, StringComparison.Ordinal);
        Assert.Contains("xe vm-list power-state=halted", text, StringComparison.Ordinal);
        Assert.Contains("no platform:cpu-type key", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Avx2_is_word_5_bit_5()
    {
        var text = TestTargets.Backend("xapi").Emit(Profile("avx2"), TargetOptions.Defaults("xapi"));
        var words = FeaturesetLine().Match(text).Groups[1].Value.Split('-');
        Assert.Equal(0x20u, Convert.ToUInt32(words[5], 16) & 0x20u);
    }

    [Fact]
    public void Decodes_last_boot_cpu_flags_and_colon_separated_words()
    {
        var xapi = TestTargets.Backend("xapi");
        var options = TargetOptions.Defaults("xapi");
        var fromFlags = xapi.Decode("vendor: GenuineIntel; features: 00000000-00000000-00000000-00000000-00000000-00000020", options);
        var fromColons = xapi.Decode("00000000:00000000:00000000:00000000:00000000:00000020", options);
        Assert.Equal(Db.SetOf("avx2"), fromFlags);
        Assert.Equal(fromFlags, fromColons);
        Assert.Empty(xapi.Decode("", options));
    }

    [Theory]
    [InlineData("featureset=0000000g-00000000", "CP0507", "0000000g")]
    [InlineData("featureset=123456789", "CP0507", "123456789")]
    [InlineData("featureset=00000000--00000000", "CP0507", "word 1")]
    [InlineData("this is not a featureset", "CP0501", "no featureset")]
    public void Rejects_bad_featuresets_naming_the_word(string artifact, string code, string named) =>
        DecoderAssert.Rejects(TestTargets.Backend("xapi"), artifact, code, named);

    [GeneratedRegex("^featureset=([0-9a-f-]*)$", RegexOptions.Multiline)]
    private static partial Regex FeaturesetLine();
}
