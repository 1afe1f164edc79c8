using System.Text.RegularExpressions;
using Cpupolicy.Core.Backends.Libvirt;
using Cpupolicy.Core.Database;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Backends;

/// <summary>
/// Which names each libvirt release knows is generated into the database (features.json's <c>libvirt_releases</c>)
/// from that release's cpu_map (data/libvirt-*/cpu_map/x86_features.xml). This reads the cpu_maps directly, so it
/// fails on drift without the generator's peers (RegenerationTests covers the whole file when QEMU is there).
/// </summary>
public partial class LibvirtVocabularyTests
{
    [Theory]
    [InlineData(LibvirtVocabulary.Release9)]
    [InlineData(LibvirtVocabulary.Release11)]
    public void Each_release_knows_exactly_the_names_of_its_cpu_map(string release)
    {
        var map = release == LibvirtVocabulary.Release9 ? RepoData.LibvirtCpuMap900 : RepoData.LibvirtCpuMap;
        var names = Names(Path.Combine(map, "x86_features.xml"));
        Assert.Equal(names, FeatureDatabase.Default.LibvirtReleases[release].Order(StringComparer.Ordinal));
        var vocabulary = new LibvirtVocabulary(FeatureDatabase.Default, release);
        Assert.Equal(names, vocabulary.Names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_9_0_0_names_are_a_subset_of_11_3_0s_which_the_database_spells()
    {
        var releases = FeatureDatabase.Default.LibvirtReleases;
        Assert.Subset(releases[LibvirtVocabulary.Release11].ToHashSet(), releases[LibvirtVocabulary.Release9].ToHashSet());
        Assert.Equal(212, releases[LibvirtVocabulary.Release9].Count);
    }

    private static List<string> Names(string path) =>
        FeatureName().Matches(File.ReadAllText(path)).Select(m => m.Groups[1].Value).Distinct().Order(StringComparer.Ordinal).ToList();

    [GeneratedRegex("<feature name='([^']*)'")]
    private static partial Regex FeatureName();
}
