using System.Xml.Linq;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Ir;

namespace Cpupolicy.Tests.Backends;

public class LibvirtBackendTests
{
    private static readonly FeatureDatabase Db = TestProfiles.Db;

    private static ProfileIr Profile(CpuVendor vendor, params string[] names) => new()
    {
        Name = "p",
        Features = Db.CloseUnderRequires(Db.SetOf(names)),
        Vendor = vendor,
    };

    [Fact]
    public void Emits_an_exact_custom_cpu_with_a_forbidden_fallback_vendor_and_check()
    {
        var libvirt = TestTargets.Backend("libvirt");
        var text = libvirt.Emit(Profile(CpuVendor.Intel, "avx2", "aes"), TestTargets.Options("libvirt", ("check", "partial")));
        var cpu = XElement.Parse(text[text.IndexOf("<cpu", StringComparison.Ordinal)..]);
        Assert.Equal("custom", (string?)cpu.Attribute("mode"));
        Assert.Equal("exact", (string?)cpu.Attribute("match"));
        Assert.Equal("partial", (string?)cpu.Attribute("check"));
        Assert.Equal("forbid", (string?)cpu.Element("model")!.Attribute("fallback"));
        Assert.Equal("Intel", cpu.Element("vendor")!.Value);
        Assert.All(cpu.Elements("feature"), f => Assert.Contains((string?)f.Attribute("policy"), new[] { "require", "disable" }));
        var names = cpu.Elements("feature").Select(f => (string)f.Attribute("name")!).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
    }

    [Fact]
    public void Never_names_features_libvirt_filters()
    {
        var libvirt = TestTargets.Backend("libvirt");
        var everything = new ProfileIr { Name = "all", Features = Db.All };
        var nothing = new ProfileIr { Name = "none", Features = FeatureSet.Empty };
        foreach (var profile in new[] { everything, nothing })
        {
            var text = libvirt.Emit(profile, TargetOptions.Defaults("libvirt"));
            foreach (var filtered in new[] { "osxsave", "ospke", "cmt", "mbm_total", "mbm_local" })
            {
                Assert.DoesNotContain($"name=\"{filtered}\"", text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Libvirt_9_gets_no_versioned_model_names()
    {
        var libvirt = TestTargets.Backend("libvirt");
        foreach (var profile in TestProfiles.Hosts.Select(h => TestProfiles.OfHosts(h.Name, h)).Take(20))
        {
            var model = XElement.Parse(libvirt.Emit(profile, TargetOptions.Defaults("libvirt"))).Element("model")!.Value;
            Assert.DoesNotMatch("-v[0-9]+$", model);
        }
    }

    [Fact]
    public void Decodes_the_cpu_inside_a_domain()
    {
        var libvirt = TestTargets.Backend("libvirt");
        var profile = Profile(CpuVendor.Intel, "avx2", "aes", "pclmulqdq");
        var cpu = libvirt.Emit(profile, TargetOptions.Defaults("libvirt"));
        var domain = $"<domain type='kvm'><name>web01</name><memory>1024</memory>{cpu}<devices/></domain>";
        Assert.Equal(libvirt.Decode(cpu, TargetOptions.Defaults("libvirt")), libvirt.Decode(domain, TargetOptions.Defaults("libvirt")));
    }

    [Theory]
    [InlineData("<!DOCTYPE cpu [<!ENTITY x \"y\">]><cpu><model>Haswell</model></cpu>", "CP0501", null)]
    [InlineData("<cpu><model>Haswell</model>", "CP0501", null)]
    [InlineData("<cpu mode='host-passthrough'/>", "CP0505", "host-passthrough")]
    [InlineData("<cpu mode='custom'><topology sockets='1'/></cpu>", "CP0505", "no <model>")]
    [InlineData("<cpu><model>Haswel</model></cpu>", "CP0503", "Haswel")]
    [InlineData("<cpu><model>Haswell</model><feature policy='require' name='avx9'/></cpu>", "CP0502", "avx9")]
    [InlineData("<cpu><model>Haswell</model><feature policy='sometimes' name='avx2'/></cpu>", "CP0504", "sometimes")]
    [InlineData("<cpu><model>Haswell</model><feature policy='optional' name='avx2'/></cpu>", "CP0505", "optional")]
    [InlineData("<cpu><model>Haswell</model><feature policy='require' name='avx2'/><feature policy='disable' name='avx2'/></cpu>", "CP0501", "more than once")]
    [InlineData("<domain><name>x</name></domain>", "CP0501", "no <cpu>")]
    public void Rejects_bad_or_hostile_xml(string artifact, string code, string? named) =>
        DecoderAssert.Rejects(TestTargets.Backend("libvirt"), artifact, code, named);

    [Fact]
    public void Expands_the_model_through_libvirts_own_definition()
    {
        // libvirt's Haswell lacks abm/f16c/rdrand, which QEMU's Haswell has (research libvirt-qemu.md §1.5).
        var libvirt = TestTargets.Backend("libvirt");
        var model = ModelDatabase.Default.Find(ModelDatabase.Libvirt9, "Haswell")!;
        var decoded = libvirt.Decode("<cpu><model>Haswell</model><feature name='abm'/></cpu>", TargetOptions.Defaults("libvirt"));
        Assert.Equal((model.Features - model.Removed).Add(Db.Get("abm").Index), decoded);
    }
}
