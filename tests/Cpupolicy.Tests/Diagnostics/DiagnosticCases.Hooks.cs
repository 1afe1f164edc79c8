using System.Text;
using Cpupolicy.Compiler.Hooks;
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
        Case("CP0603", "a VM no glob matches and no default", ws => Prepare(ws, "mail-01", HookPolicy.CpuElement("safe"))),
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
    ];

    private static IReadOnlyList<string> Prepare(CaseWorkspace ws, string vm, string cpu) =>
        LogCodes(ws.Hooks.Libvirt(vm, "prepare", HookPolicy.Domain(vm, cpu)));

    private static IReadOnlyList<string> LogCodes(HookOutcome outcome) => CaseWorkspace.CodesIn(outcome.Line);
}
