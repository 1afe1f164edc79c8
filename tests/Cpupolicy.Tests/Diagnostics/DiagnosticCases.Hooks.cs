using System.Text;
using Cpupolicy.Hooks;
using Cpupolicy.Tests.Hooks;

namespace Cpupolicy.Tests.Diagnostics;

// CP06xx: the hooks, run in process on HookPolicy's bundle in the case's own sandbox; each reports in its log line.
public static partial class DiagnosticCases
{
    private static IEnumerable<DiagnosticCase> Hooks =>
    [
        Case("CP0601", "the bundle file is missing", ws =>
        {
            ws.Hooks.Set(HookConfig.BundleVariable, Path.Combine(ws.Dir, "none.json"));
            return Prepare(ws, "web-01", HookPolicy.CpuElement("safe"));
        }),
        Case("CP0602", "the bundle is not JSON", ws =>
        {
            File.WriteAllText(ws.Hooks.BundlePath, "not json");
            return Prepare(ws, "web-01", HookPolicy.CpuElement("safe"));
        }),
        // The hooks leave such a VM alone; asking `apply` for its profile is the error.
        Case("CP0603", "apply for a VM no glob matches and no default", ws =>
            CaseWorkspace.Cli("apply", "libvirt", ws.Write("mail-01.xml", HookPolicy.Domain("mail-01", HookPolicy.CpuElement("safe"))), "--bundle", ws.Hooks.BundlePath)),
        Case("CP0604", "metadata naming a profile the bundle lacks", ws =>
        {
            var xml = HookPolicy.Domain("web-01", HookPolicy.CpuElement("safe")).Replace(
                "<memory", "<metadata><p:profile xmlns:p='https://cpupolicy.dev/xmlns/1'>gone</p:profile></metadata>\n  <memory", StringComparison.Ordinal);
            return LogCodes(ws.Hooks.Libvirt("web-01", "prepare", xml));
        }),
        Case("CP0605", "a truncated domain XML", ws => LogCodes(ws.Hooks.Libvirt("web-01", "prepare", "<domain><name>web-01</name><cpu>"))),
        Case("CP0606", "a domain XML that never ends", ws =>
            LogCodes(ws.Hooks.Libvirt("web-01", "prepare", new NeverEndingStream(Encoding.UTF8.GetBytes("<domain><name>web-01</name><description>"), stall: false)))),
        Case("CP0607", "a VM CPU without one of its profile's features", ws => Prepare(ws, "web-01", HookPolicy.BrokenCpu("safe"))),
        Case("CP0608", "a bundle without libvirt artifacts", ws =>
        {
            var json = HookPolicy.BundleJson();
            foreach (var profile in json["profiles"]!.AsArray())
            {
                profile!["artifacts"]!.AsObject().Remove("libvirt");
            }

            File.WriteAllText(ws.Hooks.BundlePath, json.ToJsonString());
            return Prepare(ws, "web-01", HookPolicy.CpuElement("safe"));
        }),
        Case("CP0609", "a VM CPU model this release does not know", ws => Prepare(ws, "web-01", "<cpu mode='custom'><model>Pentium-9000</model></cpu>")),
        Case("CP0610", "the xapi hook with no xe to run", ws =>
        {
            ws.Hooks.Set(XeClient.ProgramVariable, Path.Combine(ws.Dir, "no-such-xe"));
            return LogCodes(new XapiHook(ws.Hooks.Env, XeClient.FromEnvironment(ws.Hooks.Env)).Run("aaaaaaaa-1111-2222-3333-000000000001", "none"));
        }),
        Case("CP0611", "apply xl on a config with an unclosed string", ws =>
            CaseWorkspace.Cli("apply", "xl", ws.Write("bad.cfg", "name = \"web-01\nmemory = 1"), "--bundle", ws.Hooks.BundlePath)),
        Case("CP0612", "an unknown CPUPOLICY_MODE", ws =>
        {
            ws.Hooks.Set(HookConfig.ModeVariable, "strict");
            return Prepare(ws, "web-01", HookPolicy.CpuElement("safe"));
        }),
        Case("CP0620", "a group-writable bundle", ws =>
        {
            File.SetUnixFileMode(ws.Hooks.BundlePath, (UnixFileMode)0b110_110_100);
            return Prepare(ws, "web-01", HookPolicy.CpuElement("safe"));
        }),
        Case("CP0621", "apply xl in place on a config in a world-writable folder", ws =>
        {
            var open = Directory.CreateDirectory(Path.Combine(ws.Dir, "open")).FullName;
            File.SetUnixFileMode(open, (UnixFileMode)0b111_111_111);
            var config = Path.Combine(open, "web.cfg");
            File.WriteAllText(config, "name = \"web-01\"\nmemory = 1024\n");
            return CaseWorkspace.Cli("apply", "xl", config, "--bundle", ws.Hooks.BundlePath);
        }),
        Case("CP0622", "hook check on a root with no hook", ws => HookCheck(ws, Path.Combine(ws.Dir, "empty-root"))),
        Case("CP0623", "hook check on a launcher that is not executable", ws =>
            HookCheck(ws, Launcher(ws, ws.Script("cpupolicy", "echo 1"), (UnixFileMode)0b110_100_100))),
        Case("CP0624", "hook check on a launcher whose command reads another bundle version", ws =>
            HookCheck(ws, Launcher(ws, ws.Script("cpupolicy", $"echo {Cpupolicy.Core.Bundle.BundleDocument.CurrentVersion + 1}"), (UnixFileMode)0b111_101_101))),
        Case("CP0626", "migrate of an x86 domain whose VM uses an aarch64 profile", ws =>
        {
            File.WriteAllText(ws.Hooks.BundlePath, Arm64HookPolicy.Bundle());
            return Migrate(ws, "web-01", Arm64HookPolicy.Domain("web-01", arch: "x86_64"));
        }),
    ];

    /// <summary><c>hook check</c> of the libvirt hook under <paramref name="root"/>, on the sandbox's (trusted) bundle.</summary>
    private static IReadOnlyList<string> HookCheck(CaseWorkspace ws, string root) =>
        CaseWorkspace.Cli("hook", "check", "--platform", "libvirt", "--root", root, "--bundle", ws.Hooks.BundlePath);

    /// <summary>
    /// A root holding a stand-in libvirt launcher (marker and command line as the installer writes them) that runs
    /// <paramref name="command"/>, with <paramref name="mode"/>; its folders are root's 0755 so only the launcher can be at fault.
    /// </summary>
    private static string Launcher(CaseWorkspace ws, string command, UnixFileMode mode)
    {
        var root = Path.Combine(ws.Dir, "root");
        var hook = new HookCheckOptions("libvirt", root).HookPath;
        Directory.CreateDirectory(Path.GetDirectoryName(hook)!);
        for (var dir = Path.GetDirectoryName(hook)!; dir.Length >= root.Length; dir = Path.GetDirectoryName(dir)!)
        {
            File.SetUnixFileMode(dir, (UnixFileMode)0b111_101_101);
        }

        File.WriteAllText(hook, $"#!/bin/sh\n# {HookInstallCheck.Marker} (libvirt)\nfor f in '{command}'; do\n  :\ndone\n");
        File.SetUnixFileMode(hook, mode);
        return root;
    }

    private static IReadOnlyList<string> Prepare(CaseWorkspace ws, string vm, string cpu) =>
        LogCodes(ws.Hooks.Libvirt(vm, "prepare", HookPolicy.Domain(vm, cpu)));

    private static IReadOnlyList<string> Migrate(CaseWorkspace ws, string vm, string domain) =>
        LogCodes(ws.Hooks.Libvirt(vm, "migrate", domain));

    private static IReadOnlyList<string> LogCodes(HookOutcome outcome) => CaseWorkspace.CodesIn(outcome.Line);
}
