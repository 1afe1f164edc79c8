namespace Cpupolicy.Tests.Hooks;

/// <summary>
/// The hook inside a real libvirt (9.0.0, TCG domains, session daemon as nobody; <see cref="HookedLibvirtDaemon"/>):
/// libvirt runs the installed launcher at <c>prepare begin</c> and refuses or allows the start on its exit code,
/// showing the hook's one line to the user; on <c>restore begin</c> it takes the hook's output as the domain XML.
/// </summary>
[Collection(HookedLibvirtDaemon.Collection)]
public sealed class LibvirtEndToEndTests(HookedLibvirtDaemon daemon)
{
    [SkippableFact]
    public void Enforce_mode_makes_libvirt_refuse_a_domain_whose_cpu_breaks_its_profile_with_the_hooks_message()
    {
        daemon.Require();
        daemon.UseBundle("enforce");
        const string name = "db-e2e-refused";
        var define = daemon.Define(name, HookPolicy.Domain(name, HookPolicy.BrokenCpu("small")));
        Assert.True(define.Code == 0, define.Stderr);
        var start = daemon.Virsh("start", name);
        Assert.NotEqual(0, start.Code);
        Assert.Contains("Hook script execution failed", start.Stderr, StringComparison.Ordinal);
        Assert.Contains($"VM `{name}`: start refused (mode enforce)", start.Stderr, StringComparison.Ordinal);
        Assert.Contains("profile `small` (vm \"db*\")", start.Stderr, StringComparison.Ordinal);
        Assert.Contains("the VM lacks sse2 which the profile has", start.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(name, daemon.Virsh("list", "--name").Stdout, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Advise_mode_lets_the_same_domain_start()
    {
        daemon.Require();
        daemon.UseBundle("advise");
        const string name = "db-e2e-advised";
        Assert.Equal(0, daemon.Define(name, HookPolicy.Domain(name, HookPolicy.BrokenCpu("small"))).Code);
        var start = daemon.Virsh("start", name);
        Assert.True(start.Code == 0, start.Stderr);
        Assert.Contains(name, daemon.Virsh("list", "--name").Stdout, StringComparison.Ordinal);
        Assert.Equal(0, daemon.Virsh("destroy", name).Code);
    }

    [SkippableFact]
    public void A_domain_with_its_profiles_cpu_starts_in_enforce_mode()
    {
        daemon.Require();
        daemon.UseBundle("enforce", "refuse");
        const string name = "db-e2e-compliant";
        Assert.Equal(0, daemon.Define(name, HookPolicy.Domain(name, HookPolicy.CpuElement("small"))).Code);
        var start = daemon.Virsh("start", name);
        Assert.True(start.Code == 0, start.Stderr);
        Assert.Contains(name, daemon.Virsh("list", "--name").Stdout, StringComparison.Ordinal);
        Assert.Equal(0, daemon.Virsh("destroy", name).Code);
    }

    [SkippableFact]
    public void A_domain_the_policy_does_not_name_starts_even_under_enforce_and_refuse()
    {
        // A first installation must not stop the domains nobody put under the policy.
        daemon.Require();
        const string name = "mail-e2e";
        Assert.Equal(0, daemon.Define(name, HookPolicy.Domain(name, HookPolicy.CpuElement("small"))).Code);
        daemon.UseBundle("enforce", "refuse");
        var started = daemon.Virsh("start", name);
        Assert.True(started.Code == 0, started.Stderr);
        Assert.Equal(0, daemon.Virsh("destroy", name).Code);
    }

    [SkippableFact]
    public void On_restore_libvirt_takes_the_hooks_xml_with_the_profiles_cpu()
    {
        daemon.Require();
        daemon.UseBundle("enforce");
        const string name = "db-e2e-restored";

        // Same features as the profile, so the start passes, but fallback='allow' where the profile says 'forbid':
        // after a save and restore, 'forbid' in the live XML shows that libvirt used the hook's rewrite.
        var cpu = HookPolicy.CpuElement("small").Replace("fallback=\"forbid\"", "fallback=\"allow\"", StringComparison.Ordinal);
        Assert.Equal(0, daemon.Define(name, HookPolicy.Domain(name, cpu)).Code);
        var start = daemon.Virsh("start", name);
        Assert.True(start.Code == 0, start.Stderr);
        var image = daemon.SavePath(name);
        var save = daemon.Virsh("save", name, image);
        Assert.True(save.Code == 0, save.Stderr);
        var restore = daemon.Virsh("restore", image);
        Assert.True(restore.Code == 0, restore.Stderr);
        var live = daemon.Virsh("dumpxml", name).Stdout;
        Assert.Contains("<model fallback='forbid'>", live, StringComparison.Ordinal);
        Assert.Equal(0, daemon.Virsh("destroy", name).Code);
    }
}
