using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cpupolicy.Core.Database;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Database;

/// <summary>
/// Every feature of Xen's featuresets (read straight from data/xen, not through the generator) is in the database
/// at the same word and bit and at the CPUID/MSR coordinate the word mirrors, with the libxl key that release accepts.
/// </summary>
public sealed partial class XenFeaturesetTests
{
    /// <summary>The layout and word count the Xen backends read from the database are the release's own (generated, not hand-typed).</summary>
    [Theory]
    [InlineData("4.17.0")]
    [InlineData("4.17.7")]
    [InlineData("4.22.0")]
    public void The_database_layout_is_the_featureset_files_words_and_count(string release)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(RepoData.Require($"xen/featureset-{release}.json")));
        var xen = FeatureDatabase.Default.Xen;
        Assert.Equal(doc.RootElement.GetProperty("nr_entries").GetInt32(), xen.WordCount(release));
        foreach (var w in doc.RootElement.GetProperty("words").EnumerateArray())
        {
            var word = xen.Words[w.GetProperty("index").GetInt32()];
            var source = w.GetProperty("source").GetString()!;
            var described = word.IsMsr
                ? $"0x{word.Msr:x}.{(word.MsrHigh ? "edx" : "eax")}"
                : $"CPUID 0x{word.Leaf:x8}{(word.Subleaf is { } sub ? $":{sub}" : string.Empty)}.{word.Register.ToString()!.ToLowerInvariant()}";
            Assert.EndsWith(described, source, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(["1d", "7b0", "Da1", "e21a", "m10Al", "m10Ah"], new[] { 0, 5, 4, 11, 16, 17 }.Select(i => xen.Words[i].Abbr));
    }

    [Theory]
    [InlineData("4.17.7")]
    [InlineData("4.22.0")]
    public void Every_featureset_feature_is_in_the_database_with_its_word_bit_and_libxl_key(string release)
    {
        var path = RepoData.Require($"xen/featureset-{release}.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var sources = doc.RootElement.GetProperty("words").EnumerateArray()
            .ToDictionary(w => w.GetProperty("index").GetInt32(), w => w.GetProperty("source").GetString()!);
        var db = FeatureDatabase.Default;
        var problems = new List<string>();
        var count = 0;
        foreach (var f in doc.RootElement.GetProperty("features").EnumerateArray())
        {
            count++;
            var name = f.GetProperty("name").GetString()!;
            var word = f.GetProperty("word").GetInt32();
            var bit = f.GetProperty("bit").GetInt32();
            var key = f.GetProperty("libxl_name").GetString()!;

            // The featureset files list the CLFLUSH bit as `clflush`, which libxl's legacy line-size key shadows.
            var expectedKey = name == "CLFLUSH" ? "clfsh" : key;
            var feature = db.FindByXenBit(word, bit);
            if (feature is null)
            {
                problems.Add($"{name} (word {word} bit {bit}) is missing");
                continue;
            }

            if (feature.Spellings.XenFor(release) != expectedKey)
            {
                problems.Add($"{name}: key {feature.Spellings.XenFor(release) ?? "(none)"}, expected {expectedKey}");
            }

            if (feature.Xen!.Attributes.GetValueOrDefault(release) != f.GetProperty("attrs").GetString())
            {
                problems.Add($"{name}: attributes {feature.Xen.Attributes.GetValueOrDefault(release)}, expected {f.GetProperty("attrs").GetString()}");
            }

            if (!At(sources[word], bit, feature.Location))
            {
                problems.Add($"{name}: database says {feature.Location}, Xen word {word} is {sources[word]}");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(count > 200, $"featureset-{release}.json has only {count} features");
        Assert.DoesNotContain(db.Features, f => f.Spellings.XenFor(release) == "clflush");
    }

    [Fact]
    public void Requires_include_every_direct_dependency_of_the_newest_release()
    {
        var path = RepoData.Require("xen/featureset-4.22.0.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var byXenName = doc.RootElement.GetProperty("features").EnumerateArray()
            .ToDictionary(f => f.GetProperty("name").GetString()!, f => FeatureDatabase.Default.FindByXenBit(f.GetProperty("word").GetInt32(), f.GetProperty("bit").GetInt32())!);
        foreach (var dep in doc.RootElement.GetProperty("deps").EnumerateObject())
        {
            foreach (var dependant in dep.Value.EnumerateArray())
            {
                Assert.Contains(byXenName[dep.Name].Name, byXenName[dependant.GetString()!].Requires);
            }
        }
    }

    /// <summary>Whether a location is bit <paramref name="bit"/> of "CPUID 0x00000007:0.ebx" / "MSR_ARCH_CAPS 0x10a.edx".</summary>
    private static bool At(string source, int bit, FeatureLocation location)
    {
        var c = CpuidWord().Match(source);
        if (c.Success)
        {
            var subleaf = c.Groups[2].Success ? uint.Parse(c.Groups[2].Value, CultureInfo.InvariantCulture) : (uint?)null;
            return location.Leaf == uint.Parse(c.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture)
                && location.Subleaf == subleaf
                && string.Equals(location.Register?.ToString(), c.Groups[3].Value, StringComparison.OrdinalIgnoreCase)
                && location.Bit == bit;
        }

        var m = MsrWord().Match(source);
        return m.Success
            && location.Msr == uint.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture)
            && location.Bit == bit + (m.Groups[2].Value == "edx" ? 32 : 0);
    }

    [GeneratedRegex(@"^CPUID 0x([0-9A-Fa-f]+)(?::(\d+))?\.(e[abcd]x)$")]
    private static partial Regex CpuidWord();

    [GeneratedRegex(@"^MSR\S* 0x([0-9A-Fa-f]+)\.(eax|edx)$")]
    private static partial Regex MsrWord();
}
