using System.Xml.Linq;
using Cpupolicy.Compiler.Analyses;
using Cpupolicy.Compiler.Database;
using Cpupolicy.Compiler.Inventory;
using Cpupolicy.Policy.Diagnostics;
using Cpupolicy.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Cpupolicy.Tests.Inventory;

/// <summary>
/// data/samples/: one Sapphire Rapids-class VM read three ways (<c>cpuid -r -1</c>, /proc/cpuinfo,
/// libvirt 9.0.0's <c>virsh capabilities</c>). The readers must decode the same CPU within what each format can express.
/// </summary>
public class InventorySamplesTests(ITestOutputHelper output)
{
    /// <summary>
    /// Bits the CPU reports but Linux clears from <c>flags</c> on purpose, so /proc/cpuinfo cannot show them; each is
    /// expected to differ (and must, or the entry is stale).
    /// </summary>
    private static readonly Dictionary<string, string> LinuxClears = new(StringComparer.Ordinal)
    {
        ["la57"] = "Linux clears X86_FEATURE_LA57 when it runs with 4-level paging (arch/x86/kernel/cpu/common.c), whatever CPUID says",
    };

    private static FeatureDatabase Db => FeatureDatabase.Default;

    [Fact]
    public void Cpuid_dump_and_proc_cpuinfo_agree_on_every_feature_both_can_express()
    {
        var dump = InventoryReader.Read(Path.Combine(RepoData.Samples, "spr-vm.cpuid-r.txt"));
        var cpuinfo = InventoryReader.Read(Path.Combine(RepoData.Samples, "spr-vm.proc-cpuinfo.txt"));
        Assert.Equal(InventoryFormat.CpuidDump, dump.Format);
        Assert.Equal(InventoryFormat.ProcCpuinfo, cpuinfo.Format);
        Assert.Equal((CpuVendor.Intel, 6, 143, 8), (dump.Vendor, dump.Family!.Value, dump.Model!.Value, dump.Stepping!.Value));
        Assert.Equal((dump.Vendor, dump.Family, dump.Model, dump.Stepping), (cpuinfo.Vendor, cpuinfo.Family, cpuinfo.Model, cpuinfo.Stepping));

        var both = dump.Knowable & cpuinfo.Knowable;
        var onlyDump = (dump.Features - cpuinfo.Features) & both;
        var onlyCpuinfo = (cpuinfo.Features - dump.Features) & both;
        output.WriteLine($"features both formats can express: {both.Count}; set in both: {(dump.Features & cpuinfo.Features & both).Count}");
        output.WriteLine($"only in cpuid -r: {string.Join(' ', Db.Expand(onlyDump))}");
        output.WriteLine($"only in /proc/cpuinfo: {string.Join(' ', Db.Expand(onlyCpuinfo))}");
        output.WriteLine($"ignored cpuinfo flags: {string.Join("; ", cpuinfo.Warnings.Select(w => w.Message))}");
        var explained = Db.SetOf(LinuxClears.Keys);
        Assert.True((onlyDump - explained).IsEmpty && onlyCpuinfo.IsEmpty, $"only cpuid -r: {string.Join(' ', Db.Expand(onlyDump))}; only /proc/cpuinfo: {string.Join(' ', Db.Expand(onlyCpuinfo))}");
        Assert.True(explained.IsSubsetOf(onlyDump), $"stale LinuxClears entries: {string.Join(' ', Db.Expand(explained - onlyDump))}");
        Assert.True((dump.Features & both).Count > 80, "the comparison covers the bulk of the CPU");
    }

    /// <summary>
    /// The virsh sample is cut off after <c>&lt;feature name='xsavec'/&gt;</c> (no closing tags): the reader must
    /// refuse it. Closed by hand, it must agree with the dump up to the cut: same model (our libvirt 9.0.0 decode of the
    /// dump), same signature, its features a subset of the dump's, and every dump feature it lacks coming after
    /// <c>xsavec</c> in libvirt's feature order (the order virsh lists extras in), i.e. lost in the cut.
    /// </summary>
    [Fact]
    public void Virsh_capabilities_sample_is_truncated_and_agrees_with_the_dump_up_to_the_cut()
    {
        var path = Path.Combine(RepoData.Samples, "spr-vm.virsh-capabilities.xml");
        var text = File.ReadAllText(path);
        var e = Assert.Throws<DiagnosticException>(() => InventoryReader.Parse(text, path));
        Assert.Equal("CP0403", e.Diagnostic.Code);
        Assert.True(e.Diagnostic.Span.Line >= text.Split('\n').Length - 1, $"error at {e.Diagnostic.Span}, not at the end of the file");

        var closed = InventoryReader.Parse(text + "    </cpu>\n  </host>\n", path);
        var dump = InventoryReader.Read(Path.Combine(RepoData.Samples, "spr-vm.cpuid-r.txt"));
        Assert.Equal("Broadwell-noTSX-IBRS", closed.StatedModel);
        Assert.Equal(ModelDatabase.Libvirt9, closed.StatedModelCatalog);
        Assert.Equal((dump.Vendor, dump.Family, dump.Model, dump.Stepping), (closed.Vendor, closed.Family, closed.Model, closed.Stepping));

        var order = LibvirtOrder(RepoData.Require("libvirt-9.0.0/cpu_map/x86_features.xml"));
        var nameable9 = FeatureSet.Of(order.Keys);
        var report = HostReport.Create(dump, new HostReportOptions { Catalog = ModelDatabase.Libvirt9, Nameable = nameable9 });
        Assert.Equal("Broadwell-noTSX-IBRS", report.ModelName);

        var fromDump = report.Features & nameable9;
        var extraInVirsh = closed.Features - fromDump;
        Assert.True(extraInVirsh.IsEmpty, $"virsh lists features the dump lacks: {string.Join(' ', Db.Expand(extraInVirsh))}");
        var cut = order[Db.Get("xsavec").Index];
        var lost = fromDump - closed.Features;
        output.WriteLine($"lost in the cut: {string.Join(' ', Db.Expand(lost).OrderBy(f => order[f.Index]))}");
        Assert.All(Db.Expand(lost), f => Assert.True(order[f.Index] > cut, $"{f.Name} is listed before the cut in libvirt's order but virsh does not have it"));

        // The listed extras are exactly our extras up to the cut, in order.
        var listed = XDocument.Parse(text + "    </cpu>\n  </host>\n").Descendants("feature").Select(x => Db.Find(x.Attribute("name")!.Value)!.Index).ToList();
        var ours = Db.Expand(report.Extra).Select(f => f.Index).Where(i => order[i] <= cut).OrderBy(i => order[i]).ToList();
        Assert.Equal(ours, listed);
    }

    /// <summary>Database feature index → position of the feature in a libvirt map's x86_features.xml.</summary>
    private static Dictionary<int, int> LibvirtOrder(string featuresXml)
    {
        var byLibvirt = Db.Features.Where(f => f.Spellings.Libvirt is not null).ToDictionary(f => f.Spellings.Libvirt!, StringComparer.Ordinal);
        return XDocument.Load(featuresXml).Root!.Elements("feature")
            .Select((x, i) => (Feature: byLibvirt.GetValueOrDefault(x.Attribute("name")!.Value), Position: i))
            .Where(x => x.Feature is not null)
            .ToDictionary(x => x.Feature!.Index, x => x.Position);
    }
}
