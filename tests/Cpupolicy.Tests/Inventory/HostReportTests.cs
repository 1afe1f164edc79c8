using System.Text.Json.Nodes;
using Cpupolicy.Compiler.Analyses;
using Cpupolicy.Compiler.Database;
using Cpupolicy.Compiler.Inventory;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Inventory;

/// <summary>The host report: libvirt's rules (broken TSX, vendor, eligibility) and its text and JSON shapes.</summary>
public class HostReportTests
{
    private static FeatureDatabase Db => FeatureDatabase.Default;

    [Fact]
    public void Broken_tsx_is_dropped_on_haswell_model_60()
    {
        var host = InventoryReader.Read(RepoData.Require("libvirt-11.3.0/cputestdata/x86_64-cpuid-Core-i5-4670T.xml"));
        Assert.Equal((6, 60), (host.Family!.Value, host.Model!.Value));
        Assert.True(Db.SetOf("hle", "rtm").IsSubsetOf(host.Features), "the raw dump reports TSX");

        var report = HostReport.Create(host);
        Assert.Equal(Db.SetOf("hle", "rtm"), report.Dropped);
        Assert.False(report.Features.Overlaps(Db.SetOf("hle", "rtm")));
        Assert.Equal("Haswell-v2", report.ModelName);
        Assert.True(report.Missing.IsEmpty);
        Assert.True(report.Model!.Features.IsSubsetOf(report.Features));
        Assert.Equal(report.Features & HostReport.NameableIn(ModelDatabase.Libvirt11, Db), report.Model.Features | report.Extra);
    }

    [Fact]
    public void Json_has_the_cli_shape()
    {
        var host = InventoryReader.Read(RepoData.Require("libvirt-11.3.0/cputestdata/x86_64-cpuid-Core-i7-8700.xml"));
        var json = HostReport.Create(host).ToJson(Db, f => JsonValue.Create(f.Name)!);
        foreach (var key in new[] { "vendor", "family", "model", "stepping", "features", "model_name", "extra", "missing" })
        {
            Assert.True(json.ContainsKey(key), key);
        }

        Assert.Equal("GenuineIntel", (string?)json["vendor"]);
        Assert.Equal("libvirt-cpu-data", (string?)json["format"]);
        Assert.Equal(158, (int?)json["model"]);
        Assert.Equal("Skylake-Client-v2", (string?)json["model_name"]);
        Assert.Empty(json["missing"]!.AsArray());
        Assert.Contains("vmx", json["extra"]!.AsArray().Select(n => (string?)n));
        Assert.Contains("avx2", json["features"]!.AsArray().Select(n => (string?)n));

        var text = HostReport.Create(host).ToText(Db);
        Assert.Contains("Skylake-Client-v2", text, StringComparison.Ordinal);
        Assert.Contains("GenuineIntel", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_catalog_is_a_parameter()
    {
        var host = InventoryReader.Read(RepoData.Require("libvirt-11.3.0/cputestdata/x86_64-cpuid-Core-i7-8700.xml"));
        var report = HostReport.Create(host, new HostReportOptions { Catalog = ModelDatabase.Libvirt9 });
        Assert.Equal("Skylake-Client-IBRS", report.ModelName);
        Assert.Equal(ModelDatabase.Libvirt9, report.Catalog);
        Assert.True(report.SignatureMatches);
    }

    [Fact]
    public void A_host_with_no_model_fitting_gets_none()
    {
        var host = InventoryReader.Parse("00000001-00000000", "fs.txt");
        var report = HostReport.Create(host);
        Assert.Null(report.ModelName);
        Assert.True(report.Extra.IsEmpty);
        Assert.Contains("none fits", report.ToText(Db), StringComparison.Ordinal);
        Assert.Null((string?)report.ToJson(Db, f => JsonValue.Create(f.Name)!)["vendor"]);
    }

    [Fact]
    public void An_unknown_vendor_may_match_any_vendors_model()
    {
        // The same Intel CPU as a bare Xen featureset (no vendor): the decode still finds an Intel model.
        var dump = InventoryReader.Read(RepoData.Require("libvirt-11.3.0/cputestdata/x86_64-cpuid-Core-i7-8700.xml"));
        var words = new uint[Db.Features.Where(f => f.Xen is not null).Max(f => f.Xen!.Word) + 1];
        foreach (var f in Db.Expand(dump.Features).Where(f => f.Xen is not null))
        {
            words[f.Xen!.Word] |= 1u << f.Xen.Bit;
        }

        var featureset = string.Join('-', words.Select(w => w.ToString("x8", System.Globalization.CultureInfo.InvariantCulture)));
        var host = InventoryReader.Parse(featureset, "fs.txt");
        Assert.Equal(CpuVendor.Unknown, host.Vendor);
        var report = HostReport.Create(host);
        Assert.NotNull(report.Model);
        Assert.Equal(CpuVendor.Intel, report.Model!.Vendor);
    }
}
