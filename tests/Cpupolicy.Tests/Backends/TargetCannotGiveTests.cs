using Cpupolicy.Compiler;

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
}
