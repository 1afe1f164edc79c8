using System.Text;
using Cpupolicy.Hooks;

namespace Cpupolicy.Tests.Hooks;

/// <summary>
/// Domains an adversarial review found the aarch64 start gate misjudging: each gives its guest a CPU other than the
/// profile's through something libvirt or QEMU really does (checked against QEMU 7.2 and libvirt's command-line
/// builder), so the gate must refuse it, and the migrate merge must hand libvirt the profile.
/// </summary>
public sealed class Arm64HookReviewTests : IDisposable
{
    private const string RaisedSm3 = "SYSREG_ID_AA64ISAR0_EL1_SM3=0x1";

    private readonly HookSandbox sandbox = new(Arm64HookPolicy.Bundle());

    public void Dispose() => sandbox.Dispose();

    /// <summary>The hook's own migrate output: the domain exactly as the profile wants it.</summary>
    private string Merged(string name, string? domain = null)
    {
        var outcome = sandbox.Libvirt(name, "migrate", domain ?? Arm64HookPolicy.Domain(name));
        Assert.True(outcome.Output is not null, outcome.Line);
        return Encoding.UTF8.GetString(outcome.Output!);
    }

    /// <summary><paramref name="domain"/> with <paramref name="values"/> as its last <c>&lt;qemu:commandline&gt;</c> arguments.</summary>
    private static string WithArgs(string domain, params string[] values)
    {
        var extra = string.Concat(values.Select(v => $"  <qemu:arg value='{v}'/>\n  "));
        var changed = domain.Replace("</qemu:commandline>", extra + "</qemu:commandline>", StringComparison.Ordinal);
        Assert.NotEqual(domain, changed);
        return changed;
    }

    private void AssertRefused(string name, string domain)
    {
        var gate = sandbox.Libvirt(name, "prepare", domain);
        Assert.True(gate.ExitCode == HookExitCodes.LibvirtRefuseViolation, $"{gate.Line}\n---\n{domain}");
    }

    /// <summary>
    /// QEMU applies a <c>-global DRIVER.PROP=VALUE</c> to every object of type DRIVER or of a subtype (QOM's dynamic
    /// cast), and <c>host-arm-cpu</c> is an <c>aarch64-cpu</c>, an <c>arm-cpu</c> and a <c>cpu</c>: on QEMU 7.2,
    /// <c>-global x86_64-cpu.pmu=on</c> and <c>-global cpu.pmu=on</c> both reach a <c>qemu64-x86_64-cpu</c>.
    /// </summary>
    [Theory]
    [InlineData("aarch64-cpu")]
    [InlineData("arm-cpu")]
    [InlineData("cpu")]
    public void A_global_on_a_parent_type_of_the_cpu_sets_the_cpu(string driver)
    {
        var merged = Merged("web-01");
        var raised = WithArgs(merged, "-global", $"{driver}.{RaisedSm3}");
        AssertRefused("web-01", raised);

        var again = Merged("web-01", raised);
        Assert.DoesNotContain(RaisedSm3, again, StringComparison.Ordinal);
        Assert.Equal(merged, again);
    }

    /// <summary>
    /// QEMU reads a <c>-global</c> without a <c>DRIVER.PROP=</c> head as options in any order
    /// (<c>value=...,property=...,driver=...</c>); QEMU 7.2 takes that spelling as it takes <c>driver=</c> first.
    /// </summary>
    [Fact]
    public void A_global_in_option_form_with_driver_not_first_sets_the_cpu()
    {
        var merged = Merged("web-01");
        var raised = WithArgs(merged, "-global", "value=0x1,property=SYSREG_ID_AA64ISAR0_EL1_SM3,driver=host-arm-cpu");
        AssertRefused("web-01", raised);
        Assert.Equal(merged, Merged("web-01", raised));
    }

    /// <summary>
    /// libvirt's <c>&lt;cpu&gt;</c> features and <c>&lt;pmu&gt;</c> become properties of <c>-cpu</c>, which QEMU registers as
    /// globals after every <c>-global</c> of the command line, wherever they stand in it: the <c>-cpu</c> value wins
    /// (QEMU 7.2: <c>-cpu qemu64,pmu=off -global qemu64-x86_64-cpu.pmu=on</c> gives pmu off, in either order).
    /// </summary>
    [Fact]
    public void A_global_cannot_override_the_sve_or_pmu_libvirt_puts_on_the_cpu()
    {
        var merged = Merged("web-01");
        var sveOn = merged.Replace("<feature policy=\"disable\" name=\"sve\" />", "<feature policy=\"require\" name=\"sve\" />", StringComparison.Ordinal);
        Assert.NotEqual(merged, sveOn);
        AssertRefused("web-01", WithArgs(sveOn, "-global", "host-arm-cpu.sve=off"));

        var pmuOn = merged.Replace("<pmu state=\"off\" />", "<pmu state='on'/>", StringComparison.Ordinal);
        Assert.NotEqual(merged, pmuOn);
        AssertRefused("web-01", WithArgs(pmuOn, "-global", "host-arm-cpu.pmu=off"));
    }

    /// <summary>
    /// libvirt gives QEMU nothing for a feature of policy <c>optional</c> (only require/force and disable/forbid become
    /// <c>sve=on</c>/<c>sve=off</c>), so SVE is then the host's: the x86 gate already calls such a CPU not fixed.
    /// </summary>
    [Fact]
    public void An_optional_sve_is_left_to_the_host_and_is_not_the_profiles_required_one()
    {
        var merged = Merged("hpc-01");
        Assert.Equal(HookLogLevel.Info, sandbox.Libvirt("hpc-01", "prepare", merged).Level);
        var optional = merged.Replace("<feature policy=\"require\" name=\"sve\" />", "<feature policy=\"optional\" name=\"sve\" />", StringComparison.Ordinal);
        Assert.NotEqual(merged, optional);
        AssertRefused("hpc-01", optional);
        Assert.Equal(merged, Merged("hpc-01", optional));
    }
}
