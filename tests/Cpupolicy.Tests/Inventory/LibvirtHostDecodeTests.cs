using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Cpupolicy.Compiler.Analyses;
using Cpupolicy.Compiler.Database;
using Cpupolicy.Compiler.Inventory;
using Cpupolicy.Tests.Infrastructure;
using Xunit.Abstractions;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Cpupolicy.Tests.Inventory;

/// <summary>
/// Done-when item 1: for every real CPU dump libvirt has an expected host CPU for, the features we decode (within
/// what the catalog's map can name) equal libvirt's expected host CPU (its model expanded through the same map, plus
/// the listed features), feature for feature, and we pick the same model. Differences must be listed, with a reason,
/// in host-decode-exceptions.yaml; a listed difference that no longer occurs fails too.
/// </summary>
public class LibvirtHostDecodeTests(ITestOutputHelper output)
{
    [Fact]
    public void Libvirt_11_3_0_host_decode_agrees_with_libvirt() =>
        Check(ModelDatabase.Libvirt11, "libvirt-11.3.0/cputestdata", "libvirt-11.3.0/cpu_map");

    [Fact]
    public void Libvirt_9_0_0_host_decode_agrees_with_libvirt() =>
        Check(ModelDatabase.Libvirt9, "libvirt-9.0.0/cputestdata", "libvirt-9.0.0/cpu_map");

    /// <summary>
    /// The precondition of the decode: each catalog model has exactly the features libvirt's own parser gives it
    /// (<c>x86ModelParseAncestor</c> + <c>x86ModelParseFeatures</c>): the parent's, plus its own, without those marked
    /// <c>removed='yes'</c> and without those marked <c>added='yes'</c>, which libvirt 11 keeps out of the model (they
    /// are vmx-* features QEMU's models always had; libvirt lists them as explicit features instead).
    /// </summary>
    [Theory]
    [InlineData(ModelDatabase.Libvirt11, "libvirt-11.3.0/cpu_map")]
    [InlineData(ModelDatabase.Libvirt9, "libvirt-9.0.0/cpu_map")]
    public void Catalog_models_have_libvirts_own_feature_sets(string catalog, string mapDir)
    {
        var map = RepoData.Require(mapDir);
        var models = ModelDatabase.Default;
        var db = models.FeatureDb;
        var byLibvirt = db.Features.Where(f => f.Spellings.Libvirt is not null).ToDictionary(f => f.Spellings.Libvirt!, StringComparer.Ordinal);
        var libvirts = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var wrong = new List<string>();
        foreach (var file in XDocument.Load(Path.Combine(map, "index.xml")).Descendants("include").Select(i => i.Attribute("filename")!.Value))
        {
            if (!file.StartsWith("x86_", StringComparison.Ordinal) || file is "x86_vendors.xml" or "x86_features.xml")
            {
                continue;
            }

            foreach (var m in XDocument.Load(Path.Combine(map, file)).Root!.Elements("model"))
            {
                var name = m.Attribute("name")!.Value;
                var features = m.Element("model") is { } parent ? new HashSet<string>(libvirts[parent.Attribute("name")!.Value], StringComparer.Ordinal) : new HashSet<string>(StringComparer.Ordinal);
                foreach (var f in m.Elements("feature").Where(f => f.Attribute("removed")?.Value != "yes" && f.Attribute("added")?.Value != "yes"))
                {
                    features.Add(f.Attribute("name")!.Value);
                }

                libvirts[name] = features;
                var ours = models.Find(catalog, name);
                if (ours is null)
                {
                    wrong.Add($"{name}: missing from {catalog}");
                    continue;
                }

                var theirs = FeatureSet.Of(features.Select(n => byLibvirt[n]));
                if (!ours.Features.Equals(theirs))
                {
                    var extra = db.Expand(ours.Features - theirs).Select(f => f.Name).ToList();
                    var lacking = db.Expand(theirs - ours.Features).Select(f => f.Name).ToList();
                    wrong.Add($"{name}: {extra.Count} feature(s) libvirt does not count ({string.Join(' ', extra.Take(3))}{(extra.Count > 3 ? " ..." : string.Empty)}), {lacking.Count} missing ({string.Join(' ', lacking.Take(3))})");
                }
            }
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} {catalog} model(s) differ from libvirt's cpu_map (features marked added='yes' are not part of a libvirt model):\n  {string.Join("\n  ", wrong)}");
    }

    /// <summary>The signature we decode from leaf 1 equals libvirt's <c>.sig</c> file for every dump.</summary>
    [Fact]
    public void Signatures_match_the_sig_files()
    {
        var dir = RepoData.LibvirtTestData;
        var sigs = Directory.GetFiles(dir, "x86_64-cpuid-*.sig").Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(sigs);
        foreach (var sig in sigs)
        {
            var lines = File.ReadAllLines(sig);
            int Field(string name) => int.Parse(
                lines.Single(l => l.StartsWith(name + ":", StringComparison.Ordinal)).Split(':')[1].Trim().Split(' ')[0],
                CultureInfo.InvariantCulture);
            var host = InventoryReader.Read(sig[..^".sig".Length] + ".xml");
            var name = Path.GetFileName(sig);
            Assert.True(Field("family") == host.Family, $"{name}: family {host.Family}, .sig says {Field("family")}");
            Assert.True(Field("model") == host.Model, $"{name}: model {host.Model}, .sig says {Field("model")}");
            Assert.True(Field("stepping") == host.Stepping, $"{name}: stepping {host.Stepping}, .sig says {Field("stepping")}");
        }
    }

    private void Check(string catalog, string expectedDir, string mapDir)
    {
        var rawDir = RepoData.LibvirtTestData;
        var dir = RepoData.Require(expectedDir);
        var map = RepoData.Require(mapDir);
        var models = ModelDatabase.Default;
        var db = models.FeatureDb;
        var (nameable, unmapped) = MapFeatures(Path.Combine(map, "x86_features.xml"), db);

        var differences = new List<string>();
        differences.AddRange(unmapped.Select(n => Key(catalog, "(map)", $"unmapped: {n}")));

        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"{catalog}: host decode vs libvirt's -host.xml (features within the map's {nameable.Count} names)");
        table.AppendLine($"{"CPU",-28} {"model (ours)",-26} {"model (libvirt)",-26} {"features agree",14}  differences");
        var agree = 0;
        var expectedFiles = Directory.GetFiles(dir, "x86_64-cpuid-*-host.xml").Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(expectedFiles);
        foreach (var expectedFile in expectedFiles)
        {
            var cpu = Path.GetFileName(expectedFile)["x86_64-cpuid-".Length..^"-host.xml".Length];
            var host = InventoryReader.Read(Path.Combine(rawDir, $"x86_64-cpuid-{cpu}.xml"));
            var report = HostReport.Create(host, new HostReportOptions { Catalog = catalog, Models = models, Nameable = nameable });
            var expected = InventoryReader.Read(expectedFile, new InventoryOptions { Models = models, LibvirtCatalog = catalog });

            var ours = report.Features & nameable;
            var theirs = expected.Features & nameable;
            var diffs = new List<string>();
            if (report.ModelName != expected.StatedModel)
            {
                diffs.Add($"model: {report.ModelName ?? "none"} vs {expected.StatedModel}");
            }

            if (expected.Vendor != host.Vendor)
            {
                diffs.Add($"vendor: {host.Vendor} vs {expected.Vendor}");
            }

            if ((expected.Family, expected.Model, expected.Stepping) != (host.Family, host.Model, host.Stepping))
            {
                diffs.Add($"signature: {host.Family}/{host.Model}/{host.Stepping} vs {expected.Family}/{expected.Model}/{expected.Stepping}");
            }

            diffs.AddRange(db.Expand(ours - theirs).Select(f => $"only-ours: {f.Name}"));
            diffs.AddRange(db.Expand(theirs - ours).Select(f => $"only-libvirt: {f.Name}"));
            if (diffs.Count == 0)
            {
                agree++;
            }

            var same = (ours & theirs).Count;
            table.AppendLine(CultureInfo.InvariantCulture, $"{cpu,-28} {report.ModelName ?? "none",-26} {expected.StatedModel,-26} {$"{same}/{(ours | theirs).Count}",14}  {Summary(diffs)}");
            differences.AddRange(diffs.Select(d => Key(catalog, cpu, d)));
        }

        table.AppendLine(CultureInfo.InvariantCulture, $"{agree} of {expectedFiles.Count} CPUs agree completely");
        output.WriteLine(table.ToString());

        var listed = Exceptions().Where(e => e.Catalog == catalog).Select(e => Key(e.Catalog, e.Cpu, e.Difference)).ToHashSet(StringComparer.Ordinal);
        var unlisted = differences.Where(d => !listed.Contains(d)).ToList();
        var stale = listed.Where(l => !differences.Contains(l)).ToList();
        Assert.True(unlisted.Count == 0, $"differences from libvirt not in host-decode-exceptions.yaml:\n  {string.Join("\n  ", unlisted)}");
        Assert.True(stale.Count == 0, $"host-decode-exceptions.yaml lists differences that no longer occur (remove them):\n  {string.Join("\n  ", stale)}");
    }

    /// <summary>One table cell: each kind of difference with its count and first few names (the assertion lists all).</summary>
    private static string Summary(List<string> diffs)
    {
        if (diffs.Count == 0)
        {
            return "-";
        }

        return string.Join("; ", diffs
            .Select(d => (Kind: d[..d.IndexOf(':', StringComparison.Ordinal)], What: d[(d.IndexOf(':', StringComparison.Ordinal) + 2)..]))
            .GroupBy(d => d.Kind, StringComparer.Ordinal)
            .Select(g => g.Count() == 1 ? $"{g.Key}: {g.First().What}" : $"{g.Key} x{g.Count()}: {string.Join(' ', g.Take(4).Select(d => d.What))}{(g.Count() > 4 ? " ..." : string.Empty)}"));
    }

    /// <summary>The database features behind every feature name of a libvirt map, and the names the database lacks.</summary>
    private static (FeatureSet Nameable, List<string> Unmapped) MapFeatures(string featuresXml, FeatureDatabase db)
    {
        var byLibvirt = db.Features.Where(f => f.Spellings.Libvirt is not null).ToDictionary(f => f.Spellings.Libvirt!, StringComparer.Ordinal);
        var found = new List<int>();
        var unmapped = new List<string>();
        foreach (var name in XDocument.Load(featuresXml).Root!.Elements("feature").Select(e => e.Attribute("name")!.Value))
        {
            if (byLibvirt.TryGetValue(name, out var f))
            {
                found.Add(f.Index);
            }
            else
            {
                unmapped.Add(name);
            }
        }

        return (FeatureSet.Of(found), unmapped);
    }

    private static string Key(string catalog, string cpu, string difference) => $"{catalog} {cpu}: {difference}";

    private static List<HostDecodeException> Exceptions()
    {
        var path = Path.Combine(RepoData.RepoRoot, "tests", "Cpupolicy.Tests", "Inventory", "host-decode-exceptions.yaml");
        var file = new DeserializerBuilder()
            .WithNamingConvention(UnderscoredNamingConvention.Instance)
            .Build()
            .Deserialize<HostDecodeExceptionsFile>(File.ReadAllText(path));
        Assert.All(file.Exceptions, e => Assert.False(string.IsNullOrWhiteSpace(e.Reason), $"{e.Cpu}: every exception needs a reason"));
        return file.Exceptions;
    }
}
