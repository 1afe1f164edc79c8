using System.Text;
using System.Xml.Linq;
using Cpupolicy.Core.Backends.Libvirt;
using Cpupolicy.Hooks;
using Cpupolicy.Tests.Cli;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Hooks;

/// <summary>
/// The libvirt hook on an aarch64 profile, whose artifact is a domain fragment: the start gate judges the whole CPU
/// (<c>&lt;cpu&gt;</c>, <c>&lt;features&gt;&lt;pmu&gt;</c>, the <c>-global</c> arguments of <c>&lt;qemu:commandline&gt;</c>),
/// so a domain with the profile's <c>&lt;cpu&gt;</c> but not its SYSREG pins is refused; migrate and restore merge the
/// fragment and leave everything else as it was.
/// </summary>
public sealed class Arm64HookTests : IDisposable
{
    private readonly HookSandbox sandbox = new(Arm64HookPolicy.Bundle());

    private static XNamespace Q => Arm64LibvirtCpu.QemuNamespace;

    private static IReadOnlyList<string> FragmentArgs(string profile = "kunpeng-min") =>
        XDocument.Parse(Arm64HookPolicy.Fragment(profile)).Root!.Elements(Q + "commandline").Elements(Q + "arg").Select(a => (string)a.Attribute("value")!).ToList();

    /// <summary>The hook's own migrate output for a plain libvirt domain: the domain as the profile wants it.</summary>
    private string Merged(string name, string? domain = null)
    {
        var outcome = sandbox.Libvirt(name, "migrate", domain ?? Arm64HookPolicy.Domain(name));
        Assert.True(outcome.Output is not null, outcome.Line);
        return Encoding.UTF8.GetString(outcome.Output!);
    }

    public void Dispose() => sandbox.Dispose();

    [Fact]
    public void Migrate_merges_the_fragment_and_the_start_gate_accepts_the_result()
    {
        var merged = Merged("web-01", Arm64HookPolicy.Domain("web-01", args: ["-set", "device.net0.romfile="]));
        var root = XDocument.Parse(merged).Root!;
        Assert.Equal("off", (string?)root.Element("features")!.Element("pmu")!.Attribute("state"));
        Assert.Equal(["acpi", "gic", "pmu"], root.Element("features")!.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("host-passthrough", (string?)root.Element("cpu")!.Attribute("mode"));
        var args = root.Elements(Q + "commandline").Elements(Q + "arg").Select(a => (string)a.Attribute("value")!).ToList();
        Assert.Equal(["-set", "device.net0.romfile=", .. FragmentArgs()], args);
        Assert.Contains("host-arm-cpu.SYSREG_ID_AA64ISAR0_EL1_SM3=0x0", args);
        Assert.Contains("<loader readonly='yes' type='pflash'>", merged, StringComparison.Ordinal);

        var gate = sandbox.Libvirt("web-01", "prepare", merged);
        Assert.Equal(HookExitCodes.Allow, gate.ExitCode);
        Assert.Equal(HookLogLevel.Info, gate.Level);
        Assert.Contains("matches profile `kunpeng-min`", gate.Line, StringComparison.Ordinal);

        Assert.Equal(merged, Merged("web-01", merged));
    }

    [Fact]
    public void A_domain_with_the_profiles_cpu_but_not_its_sysreg_pins_is_refused_naming_what_it_leaves_to_the_host()
    {
        var cpu = CpuSplice.CpuElementOf(Arm64HookPolicy.Fragment(), "fragment");
        var domain = Arm64HookPolicy.Domain("web-01", cpu, "<acpi/>\n    <pmu state='off'/>");
        var refused = sandbox.Libvirt("web-01", "prepare", domain);
        Assert.Equal(HookExitCodes.LibvirtRefuseViolation, refused.ExitCode);
        Assert.Contains("CP0607", refused.Line, StringComparison.Ordinal);
        Assert.Contains("leaves", refused.Line, StringComparison.Ordinal);
        Assert.Contains("sm3", refused.Line, StringComparison.Ordinal);

        sandbox.Set(HookConfig.ModeVariable, "advise");
        var advised = sandbox.Libvirt("web-01", "prepare", domain);
        Assert.Equal(HookExitCodes.Allow, advised.ExitCode);
        Assert.Equal(HookLogLevel.Warning, advised.Level);
    }

    [Fact]
    public void The_pmu_left_on_and_one_pin_raised_are_each_a_violation()
    {
        var merged = Merged("web-01");
        var pmuOn = merged.Replace("<pmu state=\"off\" />", "<pmu state='on'/>", StringComparison.Ordinal);
        Assert.NotEqual(merged, pmuOn);
        var refused = sandbox.Libvirt("web-01", "prepare", pmuOn);
        Assert.Equal(HookExitCodes.LibvirtRefuseViolation, refused.ExitCode);

        var raised = merged.Replace("SYSREG_ID_AA64ISAR0_EL1_SM3=0x0", "SYSREG_ID_AA64ISAR0_EL1_SM3=0x1", StringComparison.Ordinal);
        var shown = sandbox.Libvirt("web-01", "prepare", raised);
        Assert.Equal(HookExitCodes.LibvirtRefuseViolation, shown.ExitCode);
        Assert.Contains("the VM has sm3", shown.Line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cpu_argument_of_its_own_or_an_x86_domain_is_not_the_profile()
    {
        var own = Arm64HookPolicy.Domain("web-01", args: ["-cpu", "host"]);
        Assert.Equal(HookExitCodes.LibvirtRefuseViolation, sandbox.Libvirt("web-01", "prepare", own).ExitCode);

        var x86 = Arm64HookPolicy.Domain("web-01", arch: "x86_64");
        var refused = sandbox.Libvirt("web-01", "prepare", x86);
        Assert.Equal(HookExitCodes.LibvirtRefuseViolation, refused.ExitCode);
        Assert.Contains("x86_64", refused.Line, StringComparison.Ordinal);
    }

    [Fact]
    public void Migrate_replaces_the_cpu_arguments_it_finds_and_keeps_every_other_argument_in_place()
    {
        var domain = Arm64HookPolicy.Domain(
            "web-01", features: "<acpi/>\n    <pmu state='on'/>\n    <gic version='3'/>",
            args: ["-global", "virtio-blk-device.scsi=off", "-cpu", "host,sve=on", "-global", "host-arm-cpu.SYSREG_ID_AA64ISAR0_EL1_SM3=0x1", "-global", "driver=host-arm-cpu,property=pmu,value=on", "-set", "x=y"]);
        var merged = Merged("web-01", domain);
        var root = XDocument.Parse(merged).Root!;
        var args = root.Elements(Q + "commandline").Elements(Q + "arg").Select(a => (string)a.Attribute("value")!).ToList();
        Assert.Equal(["-global", "virtio-blk-device.scsi=off", "-set", "x=y", .. FragmentArgs()], args);
        Assert.Equal(["acpi", "pmu", "gic"], root.Element("features")!.Elements().Select(e => e.Name.LocalName));
        Assert.Equal(HookLogLevel.Info, sandbox.Libvirt("web-01", "prepare", merged).Level);
    }

    [Fact]
    public void Migrate_adds_features_and_commandline_when_the_domain_has_neither_and_uses_the_domains_own_prefix()
    {
        var bare = Arm64HookPolicy.Domain("web-01").Replace("  <features>\n    <acpi/>\n    <gic version='3'/>\n  </features>\n", string.Empty, StringComparison.Ordinal)
            .Replace(" xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'", string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain("<features>", bare, StringComparison.Ordinal);
        var merged = Merged("web-01", bare);
        var root = XDocument.Parse(merged).Root!;
        Assert.Equal("off", (string?)root.Element("features")!.Element("pmu")!.Attribute("state"));
        Assert.Equal(FragmentArgs(), root.Elements(Q + "commandline").Elements(Q + "arg").Select(a => (string)a.Attribute("value")!));

        var other = Arm64HookPolicy.Domain("web-01", args: ["-set", "x=y"]).Replace("xmlns:qemu=", "xmlns:q=", StringComparison.Ordinal).Replace("qemu:", "q:", StringComparison.Ordinal);
        var mergedOther = Merged("web-01", other);
        Assert.Contains("<q:arg value=\"host-arm-cpu.SYSREG_ID_AA64ISAR0_EL1_SM3=0x0\" />", mergedOther, StringComparison.Ordinal);
        Assert.Equal(HookLogLevel.Info, sandbox.Libvirt("web-01", "prepare", mergedOther).Level);
    }

    [Fact]
    public void Migrate_of_an_x86_domain_under_an_aarch64_profile_takes_the_on_error_action_with_CP0626()
    {
        var x86 = Arm64HookPolicy.Domain("web-01", arch: "x86_64");
        var allowed = sandbox.Libvirt("web-01", "migrate", x86);
        Assert.Equal(HookExitCodes.Allow, allowed.ExitCode);
        Assert.Contains("CP0626", allowed.Line, StringComparison.Ordinal);
        Assert.Null(allowed.Output);
    }

    [Fact]
    public void A_cpu_argument_the_merge_cannot_pair_is_CP0626_and_nothing_is_written()
    {
        // A last -cpu without its value still replaces libvirt's -cpu, and is no pair the merge removes: the read-back
        // gate sees it, so the hook refuses to hand libvirt a domain that is not the profile.
        var outcome = sandbox.Libvirt("web-01", "migrate", Arm64HookPolicy.Domain("web-01", args: ["-set", "x=y", "-cpu"]));
        Assert.Null(outcome.Output);
        Assert.Contains("CP0626", outcome.Line, StringComparison.Ordinal);
        Assert.Contains("after the merge", outcome.Line, StringComparison.Ordinal);
    }

    [Fact]
    public void Advise_mode_leaves_the_migrate_xml_unchanged_and_says_what_enforce_would_merge()
    {
        sandbox.Set(HookConfig.ModeVariable, "advise");
        var outcome = sandbox.Libvirt("web-01", "migrate", Arm64HookPolicy.Domain("web-01"));
        Assert.Null(outcome.Output);
        Assert.Contains("merge the aarch64 fragment of profile `kunpeng-min`", outcome.Line, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_libvirt_merges_the_fragment_as_the_migrate_filter_does()
    {
        var xml = Arm64HookPolicy.Domain("web-01", args: ["-set", "x=y"]);
        var path = sandbox.Write("web.xml", xml);
        var apply = CliRunner.Run("apply", "libvirt", path, "--bundle", sandbox.BundlePath);
        Assert.True(apply.ExitCode == 0, apply.Stderr);
        Assert.Equal(Merged("web-01", xml), apply.Stdout);
        Assert.Contains("VM `web-01`: CPU (<cpu>, <features><pmu>, <qemu:commandline> -global) set to profile `kunpeng-min`", apply.Stderr, StringComparison.Ordinal);

        var x86 = sandbox.Write("x86.xml", Arm64HookPolicy.Domain("web-01", arch: "x86_64"));
        var refused = CliRunner.Run("apply", "libvirt", "--in-place", x86, "--bundle", sandbox.BundlePath);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("CP0626", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(Arm64HookPolicy.Domain("web-01", arch: "x86_64"), File.ReadAllText(x86));
    }
}
