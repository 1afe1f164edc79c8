using Cpupolicy.Compiler;
using Cpupolicy.Compiler.Emit;
using Cpupolicy.Compiler.Output;
using Cpupolicy.Core.Bundle;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Hooks;

/// <summary>
/// An aarch64 bundle for the hook tests: the Kunpeng example compiled by the real pipeline. Its libvirt artifacts are
/// domain fragments for openEuler's QEMU 8.2 (<c>kunpeng-min</c>: PMU off, SVE off, 14 SYSREG pins; <c>hip09</c>:
/// PMU off, SVE on). VMs <c>hpc-*</c> use hip09, every other name kunpeng-min (the example's default).
/// </summary>
public static class Arm64HookPolicy
{
    public static string PolicyPath => Path.Combine(RepoData.RepoRoot, "policy", "examples", "kunpeng-generations.cpupolicy");

    private static readonly Lazy<Compilation> Compiled = new(() =>
    {
        var result = Compilation.CompileFile(PolicyPath);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result;
    });

    public static string Bundle(string mode = "enforce", string onError = "allow") =>
        BundleWriter.ToText(BundleBuilder.Create(Compiled.Value, PolicyPath, new HookSettings(mode, onError)));

    /// <summary>A profile's libvirt fragment, as the bundle holds it.</summary>
    public static string Fragment(string profile = "kunpeng-min") =>
        Compiled.Value.Profiles.Single(p => p.Profile.Name == profile).Artifacts.Single(a => a.Backend == "libvirt").Text;

    /// <summary>
    /// An aarch64 KVM domain as <c>virsh dumpxml</c> writes one (single quotes, two-space indent), with the given
    /// <c>&lt;features&gt;</c> children, <c>&lt;cpu&gt;</c> (none when null) and <c>&lt;qemu:commandline&gt;</c> arguments
    /// (no element when null).
    /// </summary>
    public static string Domain(string name, string? cpu = "<cpu mode='host-passthrough' check='none'/>", string features = "<acpi/>\n    <gic version='3'/>", IReadOnlyList<string>? args = null, string arch = "aarch64")
    {
        var commandline = args is null
            ? string.Empty
            : "  <qemu:commandline>\n" + string.Concat(args.Select(a => $"    <qemu:arg value='{a}'/>\n")) + "  </qemu:commandline>\n";
        return $"""
            <domain type='kvm' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>
              <name>{name}</name>
              <uuid>8f2d3c1e-1b7a-4c55-9d1e-2a3b4c5d6e7f</uuid>
              <memory unit='KiB'>2097152</memory>
              <vcpu placement='static'>2</vcpu>
              <os>
                <type arch='{arch}' machine='virt-8.2'>hvm</type>
                <loader readonly='yes' type='pflash'>/usr/share/edk2/aarch64/QEMU_EFI-pflash.raw</loader>
                <boot dev='hd'/>
              </os>
              <features>
                {features}
              </features>
            {(cpu is null ? string.Empty : "  " + cpu + "\n")}  <clock offset='utc'/>
              <devices>
                <emulator>/usr/bin/qemu-kvm</emulator>
                <console type='pty'/>
              </devices>
            {commandline}</domain>

            """;
    }
}
