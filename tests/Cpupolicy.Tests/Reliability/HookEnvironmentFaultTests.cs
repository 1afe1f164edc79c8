using System.Text;
using Cpupolicy.Hooks;
using Cpupolicy.Tests.Hooks;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Reliability;

/// <summary>
/// The hook process in a hostile environment: no syslog socket where CPUPOLICY_SYSLOG_SOCKET points, an environment
/// near the kernel's limit, a closed stdout or stderr. Whatever the fault, the hook still gives the answer its
/// settings call for: 3 for a CPU that breaks its profile, and the configured on-error action (0 for allow, 1 for
/// refuse) when the bundle cannot be read (a VM no rule names is not an error: it is left alone). Runs the fast entry (<c>cpupolicy-hook</c>), the one installers use.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class HookEnvironmentFaultTests : IDisposable
{
    private readonly FaultFolder folder = new();

    private readonly string bundle;

    public HookEnvironmentFaultTests()
    {
        bundle = Path.Combine(folder.CompileInto(FaultFolder.OldPolicy, "out"), "bundle.json");
    }

    public static TheoryData<string> Faults => new() { "syslog-missing", "syslog-not-a-socket", "syslog-dir", "huge-environment", "stdout-closed", "stderr-closed", "both-closed" };

    [Theory]
    [MemberData(nameof(Faults))]
    public void The_hook_answers_with_its_configured_action_under_the_fault(string fault)
    {
        foreach (var onError in new[] { "allow", "refuse" })
        {
            var unknown = Run(fault, onError, "web-01", "prepare", HookPolicy.Domain("web-01", HookPolicy.CpuElement("safe")), bundlePath: folder.Path("no-such-bundle.json"));
            Assert.True(unknown.ExitCode == (onError == "allow" ? HookExitCodes.Allow : HookExitCodes.LibvirtRefuseError), $"{fault}, on-error {onError}: exit {unknown.ExitCode}: {unknown.Stderr}");
            var broken = Run(fault, onError, "web-01", "prepare", HookPolicy.Domain("web-01", HookPolicy.BrokenCpu("safe")));
            Assert.True(broken.ExitCode == HookExitCodes.LibvirtRefuseViolation, $"{fault}: exit {broken.ExitCode}: {broken.Stderr}");
            var good = Run(fault, onError, "web-01", "prepare", HookPolicy.Domain("web-01", HookPolicy.CpuElement("safe")));
            Assert.True(good.ExitCode == HookExitCodes.Allow, $"{fault}: exit {good.ExitCode}: {good.Stderr}");
            if (!fault.Contains("stderr", StringComparison.Ordinal) && fault != "both-closed")
            {
                Assert.DoesNotContain("Unhandled", unknown.Stderr + broken.Stderr + good.Stderr, StringComparison.Ordinal);
                Assert.Contains(Cpupolicy.Core.Diagnostics.DiagnosticCatalog.BundleMissing.Code, unknown.Stderr, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData("cpupolicy-hook", "allow", 0)]
    [InlineData("cpupolicy-hook", "refuse", 1)]
    [InlineData("cpupolicy", "allow", 0)]
    [InlineData("cpupolicy", "refuse", 1)]
    public void A_migrate_rewrite_with_stdout_closed_takes_the_on_error_path(string entry, string onError, int exitCode)
    {
        var result = Run("stdout-closed", onError, "web-01", "migrate", HookPolicy.Domain("web-01", "<cpu mode='host-passthrough'/>"), entry);
        Assert.True(result.ExitCode == exitCode, $"exit {result.ExitCode}: {result.Stderr}");
        Assert.DoesNotContain("Unhandled", result.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{Cpupolicy.Core.Diagnostics.DiagnosticCatalog.OutputNotWritable.Code} the rewritten definition could not be written to stdout", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_huge_setting_value_is_a_setting_error_not_a_crash()
    {
        var env = Env("refuse");
        env[HookConfig.ModeVariable] = new string('x', 120_000);
        var result = ChildProcess.Run(ChildProcess.Dotnet, [FaultFolder.HookDll, "hook", "libvirt", "--", "web-01", "prepare", "begin", "-"], env,
            ChildProcess.Text(HookPolicy.Domain("web-01", HookPolicy.CpuElement("safe"))), FaultFolder.Deadline);
        Assert.True(result.ExitCode == HookExitCodes.LibvirtRefuseError, $"exit {result.ExitCode}: {result.Stderr}");
        Assert.True(result.Stderr.Length < 4096, $"the log line repeats the whole value: {result.Stderr.Length} chars");
    }

    public void Dispose() => folder.Dispose();

    private Dictionary<string, string?> Env(string onError) => new()
    {
        [HookConfig.BundleVariable] = bundle,
        [HookConfig.OnErrorVariable] = onError,
        [HookLog.SocketVariable] = "none",
    };

    private ProcessResult Run(string fault, string onError, string name, string operation, string xml, string entry = "cpupolicy-hook", string? bundlePath = null)
    {
        var env = Env(onError);
        if (bundlePath is not null)
        {
            env[HookConfig.BundleVariable] = bundlePath;
        }

        string program = ChildProcess.Dotnet;
        List<string> args = [entry == "cpupolicy" ? ChildProcess.CliDll : FaultFolder.HookDll, "hook", "libvirt", "--", name, operation, "begin", "-"];
        switch (fault)
        {
            case "syslog-missing":
                env[HookLog.SocketVariable] = folder.Path("no-such-dir/log");
                break;
            case "syslog-not-a-socket":
                env[HookLog.SocketVariable] = folder.Write("not-a-socket", "x");
                break;
            case "syslog-dir":
                env[HookLog.SocketVariable] = folder.Dir;
                break;
            case "huge-environment":
                // About 1.9 MB in 1,800 variables plus one at the kernel's 128 KiB per-string limit: near ARG_MAX.
                var filler = new string('e', 1000);
                for (var i = 0; i < 1800; i++)
                {
                    env[$"FILLER_{i}"] = filler;
                }

                env["FILLER_BIG"] = new string('b', 128 * 1024 - 20);
                break;
            case "stdout-closed" or "stderr-closed" or "both-closed":
                var close = fault switch { "stdout-closed" => ">&-", "stderr-closed" => "2>&-", _ => ">&- 2>&-" };
                program = "/bin/sh";
                args = ["-c", $"exec \"$@\" {close}", "sh", ChildProcess.Dotnet, .. args];
                break;
            default:
                throw new ArgumentException(fault);
        }

        return ChildProcess.Run(program, args, env, ChildProcess.Bytes(Encoding.UTF8.GetBytes(xml)), FaultFolder.Deadline);
    }
}
