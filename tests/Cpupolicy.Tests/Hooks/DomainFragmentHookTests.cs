using Cpupolicy.Hooks;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Hooks;

/// <summary>
/// An aarch64 libvirt artifact is a domain fragment (<c>&lt;features&gt;</c> and <c>&lt;qemu:commandline&gt;</c> SYSREG
/// arguments beside <c>&lt;cpu&gt;</c>). The libvirt hook does not check or write those parts yet, so it must not pass
/// such a VM on its <c>&lt;cpu&gt;</c> alone: every operation takes the on-error action, logged with CP0625.
/// </summary>
public sealed class DomainFragmentHookTests
{
    private static string Fragment => File.ReadAllText(Path.Combine(RepoData.RepoRoot, "tests", "cases", "example-kunpeng-generations", "expected", "kunpeng-min.libvirt.xml"));

    /// <summary>The hook test bundle with every profile's libvirt artifact replaced by the Kunpeng example's fragment.</summary>
    internal static string FragmentBundle()
    {
        var json = HookPolicy.BundleJson();
        foreach (var profile in json["profiles"]!.AsArray())
        {
            profile!["artifacts"]!["libvirt"] = Fragment;
        }

        return json.ToJsonString();
    }

    /// <summary>The fragment's own <c>&lt;cpu&gt;</c>: a domain with it matches the profile as far as <c>&lt;cpu&gt;</c> goes.</summary>
    internal static string FragmentCpu => CpuSplice.CpuElementOf(Fragment, "kunpeng-min.libvirt.xml");

    [Theory]
    [InlineData("prepare")]
    [InlineData("migrate")]
    [InlineData("restore")]
    public void A_domain_whose_cpu_matches_the_fragment_is_not_passed_on_its_cpu_alone(string operation)
    {
        using var sandbox = new HookSandbox(FragmentBundle());
        var allowed = sandbox.Libvirt("web-01", operation, HookPolicy.Domain("web-01", FragmentCpu));
        Assert.Equal(HookExitCodes.Allow, allowed.ExitCode);
        Assert.Contains("CP0625", allowed.Line, StringComparison.Ordinal);
        Assert.Contains("on error: allow", allowed.Line, StringComparison.Ordinal);
        Assert.Null(allowed.Output);

        sandbox.Set(HookConfig.OnErrorVariable, "refuse");
        var refused = sandbox.Libvirt("web-01", operation, HookPolicy.Domain("web-01", FragmentCpu));
        Assert.Equal(HookExitCodes.LibvirtRefuseError, refused.ExitCode);
        Assert.Contains("CP0625", refused.Line, StringComparison.Ordinal);
    }
}
