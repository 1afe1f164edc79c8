using Cpupolicy.Compiler.Output;
using Cpupolicy.Compiler;
using Cpupolicy.Core.Bundle;
using System.Text.Json.Nodes;
using Cpupolicy.Compiler.Emit;

namespace Cpupolicy.Tests.Hooks;

/// <summary>
/// A real bundle.json for the hook tests, compiled from a small policy by the real pipeline (so the tests read the
/// format <see cref="BundleWriter"/> writes, not a hand-made imitation). Profiles: <c>safe</c> = Nehalem,
/// <c>small</c> = qemu64 (both run under TCG, so the libvirt end-to-end test can start them); VM globs
/// <c>web-*</c> → safe, <c>db*</c> → small; no default, so other names are unknown VMs.
/// </summary>
public static class HookPolicy
{
    public const string Text = """
        profile safe = model(Nehalem)
        profile small = model(qemu64)
        vm "web-*" uses safe
        vm "db*" uses small
        """;

    private static readonly Lazy<Compilation> Compiled = new(() =>
    {
        var result = Compilation.Compile(Text, "hooks.cpupolicy");
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result;
    });

    public static Compilation Result => Compiled.Value;

    /// <summary>The bundle's text with these stored settings; <paramref name="withDefault"/> adds <c>default uses small</c>.</summary>
    public static string Bundle(string mode = "enforce", string onError = "allow", bool withDefault = false)
    {
        var bundle = BundleBuilder.Create(Result, "hooks.cpupolicy", new HookSettings(mode, onError));
        return BundleWriter.ToText(withDefault ? bundle with { Default = "small" } : bundle);
    }

    /// <summary>The bundle as JSON, to derive variants (a profile without an artifact, ...).</summary>
    public static JsonObject BundleJson() => JsonNode.Parse(Bundle())!.AsObject();

    /// <summary>A profile's artifact for one backend, as the bundle holds it.</summary>
    public static string Artifact(string profile, string backend) =>
        Result.Profiles.Single(p => p.Profile.Name == profile).Artifacts.Single(a => a.Backend == backend).Text;

    /// <summary>The <c>&lt;cpu&gt;</c> element alone of a profile's libvirt artifact.</summary>
    public static string CpuElement(string profile)
    {
        var artifact = Artifact(profile, "libvirt");
        var start = artifact.IndexOf("<cpu", StringComparison.Ordinal);
        var end = artifact.LastIndexOf("</cpu>", StringComparison.Ordinal) + "</cpu>".Length;
        return artifact[start..end];
    }

    /// <summary>A minimal TCG domain (type qemu, 32 MiB, no disk) with the given <c>&lt;cpu&gt;</c> (or none).</summary>
    public static string Domain(string name, string? cpu) =>
        $"""
        <domain type='qemu'>
          <name>{name}</name>
          <memory unit='MiB'>32</memory>
          <os>
            <type arch='x86_64' machine='pc'>hvm</type>
          </os>
        {(cpu is null ? string.Empty : Indent(cpu, "  ") + "\n")}  <devices>
            <emulator>/usr/bin/qemu-system-x86_64</emulator>
          </devices>
        </domain>

        """;

    /// <summary>A <c>&lt;cpu&gt;</c> that breaks the profile: the profile's element with one more feature disabled.</summary>
    public static string BrokenCpu(string profile, string disable = "sse2") =>
        CpuElement(profile).Replace("</cpu>", $"  <feature policy=\"disable\" name=\"{disable}\" />\n</cpu>", StringComparison.Ordinal);

    private static string Indent(string text, string indent) =>
        string.Join("\n", text.Split('\n').Select(l => l.Length == 0 ? l : indent + l));
}
