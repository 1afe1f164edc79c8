using Cpupolicy.Compiler.Probe.Arm64;
using Cpupolicy.Core.Database;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Cpupolicy.Tests.Probe;

/// <summary>
/// The aarch64 guest-against-profile verdict without QEMU: every difference lands in exactly one of the four lists,
/// the verdict looks only inside what the release controls, and libvirt's command line becomes the -cpu the probe boots.
/// </summary>
public class Arm64PolicyComparisonTests
{
    private static Arbitrary<FeatureSet> Sets() =>
        Arb.From(Gen.ListOf(Gen.Choose(0, 120)).Select(indices => FeatureSet.Of(indices)));

    [Property]
    public Property Every_difference_is_a_mismatch_inside_what_the_release_controls_and_reported_outside_it() =>
        Prop.ForAll(Sets(), Sets(), Sets(), (guest, profile, controllable) =>
        {
            var c = Arm64PolicyComparison.Compare(guest, profile, controllable, "7.2");
            Assert.Equal(profile - guest, c.Missing | c.UncontrolledMissing);
            Assert.Equal(guest - profile, c.Extra | c.UncontrolledExtra);
            Assert.True(((c.Missing | c.Extra) - controllable).IsEmpty);
            Assert.True(((c.UncontrolledMissing | c.UncontrolledExtra) & controllable).IsEmpty);
            Assert.Equal((((profile - guest) | (guest - profile)) & controllable).IsEmpty, c.Matches);
        });

    [Fact]
    public void Libvirts_command_line_becomes_the_cpu_with_its_global_properties()
    {
        const string argv = """
            LC_ALL=C PATH=/usr/bin HOME=/tmp/x /usr/bin/qemu-system-aarch64 \
            -name guest=cpupolicy-probe -machine virt,usb=off,dump-guest-core=off \
            -accel tcg \
            -cpu max,sve=off,pmu=off \
            -global max-arm-cpu.pauth=on \
            -global virtio-blk-pci.x=1 \
            -global max-arm-cpu.sme=off
            """;
        Assert.Equal("max,sve=off,pmu=off,pauth=on,sme=off", Arm64LibvirtDomain.CpuOf(argv));
        Assert.Null(Arm64LibvirtDomain.CpuOf("/usr/bin/qemu-system-aarch64 -machine virt"));
    }

    [Fact]
    public void The_domain_holds_the_artifacts_elements_on_an_aarch64_virt_machine()
    {
        const string artifact = """
            <domain xmlns:qemu="http://libvirt.org/schemas/domain/qemu/1.0">
              <os><type arch="aarch64" machine="virt">hvm</type></os>
              <features><pmu state="off" /></features>
              <cpu mode="maximum" check="none"><feature policy="disable" name="sve" /></cpu>
            </domain>
            """;
        var domain = System.Xml.Linq.XDocument.Parse(Arm64LibvirtDomain.With(artifact, "qemu")).Root!;
        Assert.Equal("qemu", (string?)domain.Attribute("type"));
        Assert.Equal("aarch64", (string?)domain.Element("os")!.Element("type")!.Attribute("arch"));
        Assert.Single(domain.Elements("os"));
        Assert.Equal("maximum", Arm64LibvirtDomain.Mode(artifact));
        Assert.NotNull(domain.Element("features")!.Element("pmu"));
    }
}
