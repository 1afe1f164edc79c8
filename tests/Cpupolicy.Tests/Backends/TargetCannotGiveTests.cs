using Cpupolicy.Compiler;
using Cpupolicy.Core.Database;
using Cpupolicy.Core.Ir;

namespace Cpupolicy.Tests.Backends;

/// <summary>
/// Issue 14, item 4: a profile feature that a chosen target cannot give a guest is a warning (CP0531) naming the target
/// and the feature; the artifacts are still written. Before, `flush-l1d` under QEMU 7.2 passed silently.
/// </summary>
public class TargetCannotGiveTests
{
    [Fact]
    public void Flush_l1d_under_qemu_7_2_is_a_warning_naming_target_and_feature()
    {
        var result = Compilation.Compile("profile p = {fpu, flush-l1d}\ntarget qemu\ntarget xen\n", "p.cpupolicy");
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        var warning = Assert.Single(result.Diagnostics, d => d.Code == "CP0531");
        Assert.False(warning.IsError);
        Assert.Contains("`qemu`", warning.Message, StringComparison.Ordinal);
        Assert.Contains("`flush-l1d`", warning.Message, StringComparison.Ordinal);
        Assert.Equal(2, result.Profiles.Single().Artifacts.Count);
    }

    [Fact]
    public void A_feature_xen_never_offers_is_a_warning_for_xen_and_none_for_what_a_target_gives()
    {
        var result = Compilation.Compile("profile p = {fpu, osvw}\ntarget xen\n", "p.cpupolicy");
        var warning = Assert.Single(result.Diagnostics, d => d.Code == "CP0531");
        Assert.Contains("`xen`", warning.Message, StringComparison.Ordinal);
        Assert.Contains("`osvw`", warning.Message, StringComparison.Ordinal);

        Assert.DoesNotContain(Compilation.Compile("profile p = {fpu, sse, sse2}\ntarget qemu\ntarget xen\ntarget libvirt\n", "p.cpupolicy").Diagnostics, d => d.Code == "CP0531");
    }

    /// <summary>
    /// Nova's libvirt driver hands `cpu_model_extra_flags` to libvirt as `&lt;feature&gt;`s (sign stripped, lower-cased,
    /// nothing refused by Nova 26 itself), so what libvirt cannot give, Nova cannot either, for the libvirt release of
    /// its compute nodes: the same warning as libvirt's, naming `nova`.
    /// </summary>
    [Theory]
    [InlineData("9.0.0", "libvirt 9.0.0's cpu_map does not define it")]
    [InlineData("11.3.0", "QEMU has no property for it")]
    public void Nova_warns_for_what_its_libvirt_cannot_give(string release, string reason)
    {
        var result = Compilation.Compile($"profile p = {{fpu, flush-l1d}}\ntarget nova {{ release {release} }}\ntarget libvirt {{ release {release} }}\n", "p.cpupolicy");
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        var warnings = result.Diagnostics.Where(d => d.Code == "CP0531").ToList();
        var nova = Assert.Single(warnings, d => d.Message.Contains("`nova`", StringComparison.Ordinal));
        Assert.Contains("`flush-l1d`", nova.Message, StringComparison.Ordinal);
        Assert.Contains(reason, nova.Message, StringComparison.Ordinal);
        var libvirt = Assert.Single(warnings, d => d.Message.Contains("`libvirt`", StringComparison.Ordinal));
        Assert.Equal(libvirt.Message.Replace("`libvirt`", "`nova`", StringComparison.Ordinal), nova.Message);
    }

    /// <summary>For every feature: nova's never-given set is exactly libvirt's at the same release (nova adds no limit, and drops none).</summary>
    [Theory]
    [InlineData("9.0.0")]
    [InlineData("11.3.0")]
    public void Nova_never_gives_exactly_what_libvirt_never_gives(string release)
    {
        FeatureSet NotGiven(string backend) => Cpupolicy.Compiler.Backends.BackendRegistry.Default.Get(backend)
            .Uncontrollable(TargetOptions.Defaults(backend) with { Values = new Dictionary<string, string>(StringComparer.Ordinal) { ["release"] = release } })
            .Aggregate(FeatureSet.Empty, (acc, g) => acc | g.NotGiven);
        Assert.False(NotGiven("nova").IsEmpty);
        Assert.Equal(NotGiven("libvirt"), NotGiven("nova"));
    }
}
