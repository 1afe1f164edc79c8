using System.Diagnostics;
using System.Text;
using Cpupolicy.Compiler.Hooks;
using Cpupolicy.Policy.Diagnostics;
using Cpupolicy.Tests.Cli;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Hooks;

/// <summary>
/// The XAPI vm-pre-start hook and <c>cpupolicy apply xapi</c>, against the stand-in xe (<see cref="FakeXe"/>; no
/// XAPI runs here). Exit codes follow xenopsd: 0 start, 1 log stdout and start, 2 veto.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")] // hooks and their files are Unix-only
public sealed class XapiHookTests : IDisposable
{
    private const string Web = "aaaaaaaa-1111-2222-3333-000000000001";
    private const string Db = "bbbbbbbb-1111-2222-3333-000000000002";
    private const string Mail = "cccccccc-1111-2222-3333-000000000003";
    private const string Bare = "dddddddd-1111-2222-3333-000000000004";

    private readonly HookSandbox sandbox = new();

    private readonly FakeXe xe;

    public XapiHookTests()
    {
        xe = new FakeXe(sandbox.Dir,
            (Web, "web-01", "halted", SafeFeatureset),
            (Db, "db 2, primary", "halted", SafeFeatureset),
            (Mail, "mail", "halted", SafeFeatureset),
            (Bare, "web-bare", "running", null));
        sandbox.Set(XeClient.ProgramVariable, xe.Program);
    }

    private static string SafeFeatureset => XapiFeaturesetChecker.FeaturesetOf(HookPolicy.Artifact("safe", "xapi"), "safe");

    private static string SmallFeatureset => XapiFeaturesetChecker.FeaturesetOf(HookPolicy.Artifact("small", "xapi"), "small");

    [Fact]
    public void A_vm_whose_featureset_is_its_profiles_starts()
    {
        var outcome = Run(Web);
        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("VM `web-01`", outcome.Line, StringComparison.Ordinal);
        Assert.Contains("matches profile `safe`", outcome.Line, StringComparison.Ordinal);
        Assert.Equal(
            [$"vm-param-get uuid={Web} param-name=name-label", $"vm-param-get uuid={Web} param-name=platform param-key=featureset"],
            xe.Calls);
    }

    [Fact]
    public void A_featureset_spelled_differently_but_equal_matches()
    {
        var upper = SafeFeatureset.ToUpperInvariant().Replace('-', ':') + ":00000000:00000000";
        var other = new FakeXe(Path.Combine(sandbox.Dir, "other"), (Web, "web-01", "halted", upper));
        sandbox.Set(XeClient.ProgramVariable, other.Program);
        Assert.Equal(0, Run(Web).ExitCode);
    }

    [Fact]
    public void Enforce_vetoes_with_exit_2_and_names_the_features_on_stdout()
    {
        var outcome = Run(Db);
        Assert.Equal(HookExitCodes.XapiVeto, outcome.ExitCode);
        var stdout = Encoding.UTF8.GetString(outcome.Output!);
        Assert.Contains("VM `db 2, primary`", stdout, StringComparison.Ordinal);
        Assert.Contains("profile `small`", stdout, StringComparison.Ordinal);
        Assert.Contains("which the profile lacks", stdout, StringComparison.Ordinal);
        Assert.Contains(DiagnosticCatalog.CpuBreaksProfile.Code, stdout, StringComparison.Ordinal);
        Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Advise_warns_with_exit_1()
    {
        sandbox.Set(HookConfig.ModeVariable, "advise");
        var outcome = Run(Db);
        Assert.Equal(HookExitCodes.XapiWarn, outcome.ExitCode);
        Assert.Contains("mode advise", outcome.Line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_vm_without_a_featureset_boots_the_pool_level_so_breaks_its_profile()
    {
        var outcome = Run(Bare);
        Assert.Equal(HookExitCodes.XapiVeto, outcome.ExitCode);
        Assert.Contains("platform:featureset is not set", outcome.Line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("allow", HookExitCodes.XapiWarn)]
    [InlineData("refuse", HookExitCodes.XapiVeto)]
    public void An_unknown_vm_takes_the_failure_mode(string onError, int exitCode)
    {
        sandbox.Set(HookConfig.OnErrorVariable, onError);
        var outcome = Run(Mail);
        Assert.Equal(exitCode, outcome.ExitCode);
        Assert.Contains(DiagnosticCatalog.VmUnknown.Code, outcome.Line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("allow", HookExitCodes.XapiWarn)]
    [InlineData("refuse", HookExitCodes.XapiVeto)]
    public void A_uuid_xe_does_not_know_takes_the_failure_mode(string onError, int exitCode)
    {
        sandbox.Set(HookConfig.OnErrorVariable, onError);
        var outcome = Run("eeeeeeee-1111-2222-3333-000000000009");
        Assert.Equal(exitCode, outcome.ExitCode);
        Assert.Contains("The uuid you supplied was invalid", outcome.Line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("allow", HookExitCodes.XapiWarn)]
    [InlineData("refuse", HookExitCodes.XapiVeto)]
    public void A_failing_xe_takes_the_failure_mode(string onError, int exitCode)
    {
        sandbox.Set(HookConfig.OnErrorVariable, onError);
        xe.Break("fail");
        var outcome = Run(Web);
        Assert.Equal(exitCode, outcome.ExitCode);
        Assert.Contains(DiagnosticCatalog.XeFailed.Code, outcome.Line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hanging_xe_is_given_up_on_after_its_time_bound()
    {
        sandbox.Set(XeClient.TimeoutVariable, "1");
        xe.Break("hang");
        var watch = Stopwatch.StartNew();
        var outcome = Run(Web);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.Equal(HookExitCodes.XapiWarn, outcome.ExitCode);
        Assert.Contains("did not finish within 1 s", outcome.Line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-a-uuid")]
    [InlineData("aaaaaaaa-1111-2222-3333-000000000001 param-name=x")]
    public void A_malformed_uuid_never_reaches_xe(string uuid)
    {
        var outcome = Run(uuid);
        Assert.Equal(HookExitCodes.XapiWarn, outcome.ExitCode);
        Assert.Empty(xe.Calls);
    }

    [Theory]
    [InlineData("allow", HookExitCodes.XapiWarn)]
    [InlineData("refuse", HookExitCodes.XapiVeto)]
    public void A_missing_bundle_takes_the_failure_mode(string onError, int exitCode)
    {
        sandbox.Set(HookConfig.OnErrorVariable, onError).Set(HookConfig.BundleVariable, Path.Combine(sandbox.Dir, "none.json"));
        var outcome = Run(Web);
        Assert.Equal(exitCode, outcome.ExitCode);
        Assert.Contains(DiagnosticCatalog.BundleMissing.Code, outcome.Line, StringComparison.Ordinal);
    }

    [Fact]
    public void The_installed_hook_runs_the_cli_with_xapis_arguments()
    {
        var root = Path.Combine(sandbox.Dir, "root");
        var install = ChildProcess.Run("bash", [Path.Combine(RepoData.RepoRoot, "hooks", "install-xapi.sh"), "--root", root, "--cpupolicy", $"{ChildProcess.Dotnet} {ChildProcess.CliDll}", "--bundle", sandbox.BundlePath],
            new Dictionary<string, string?>(), null, TimeSpan.FromSeconds(30));
        Assert.True(install.ExitCode == 0, install.Stderr);
        var hook = Path.Combine(root, "etc", "xapi.d", "vm-pre-start", "10-cpupolicy");
        var env = new Dictionary<string, string?> { [XeClient.ProgramVariable] = xe.Program, [HookLog.SocketVariable] = "none" };
        var good = ChildProcess.Run(hook, ["-vmuuid", Web, "-reason", "none"], env, null, TimeSpan.FromSeconds(60));
        Assert.True(good.ExitCode == 0, good.Stderr);
        var bad = ChildProcess.Run(hook, ["-vmuuid", Db, "-reason", "none"], env, null, TimeSpan.FromSeconds(60));
        Assert.Equal(HookExitCodes.XapiVeto, bad.ExitCode);
        Assert.Contains("start vetoed (mode enforce)", bad.StdoutText, StringComparison.Ordinal);
        Assert.Contains("start vetoed (mode enforce)", bad.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_prints_the_xe_commands_for_halted_vms_and_skips_vms_without_a_profile()
    {
        var result = RunCli("apply", "xapi", "--bundle", sandbox.BundlePath);
        Assert.True(result.ExitCode == 0, result.Stderr);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains($"xe vm-param-set uuid={Web} platform:featureset={SafeFeatureset}", lines);
        Assert.Contains($"xe vm-param-set uuid={Db} platform:featureset={SmallFeatureset}", lines);
        Assert.Contains(lines, l => l.StartsWith($"# mail ({Mail}): skipped", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(Bare, StringComparison.Ordinal));
        Assert.Equal(SafeFeatureset, xe.Featureset(Db));
    }

    [Fact]
    public void Apply_run_sets_the_featuresets_after_which_the_hook_lets_the_vms_start()
    {
        Assert.Equal(HookExitCodes.XapiVeto, Run(Db).ExitCode);
        var result = RunCli("apply", "xapi", "--bundle", sandbox.BundlePath, "--run");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(SmallFeatureset, xe.Featureset(Db));
        Assert.Equal(0, Run(Db).ExitCode);
    }

    [Fact]
    public void Apply_json_lists_every_halted_vm()
    {
        var result = RunCli("--json", "apply", "xapi", "--bundle", sandbox.BundlePath);
        var vms = result.Json.GetProperty("vms").EnumerateArray().ToList();
        Assert.Equal(3, vms.Count);
        Assert.Equal("small", vms.Single(v => v.GetProperty("uuid").GetString() == Db).GetProperty("profile").GetString());
        Assert.NotNull(vms.Single(v => v.GetProperty("uuid").GetString() == Mail).GetProperty("skipped").GetString());
    }

    public void Dispose() => sandbox.Dispose();

    private HookOutcome Run(string uuid) => new XapiHook(sandbox.Env, XeClient.FromEnvironment(sandbox.Env)).Run(uuid, "none");

    private ProcessResult RunCliProcess(params string[] args) =>
        ChildProcess.Cpupolicy(new Dictionary<string, string?>(sandbox.Variables), null, TimeSpan.FromSeconds(60), args);

    private CliResult RunCli(params string[] args)
    {
        var result = RunCliProcess(args);
        return new CliResult(result.ExitCode, result.StdoutText, result.Stderr);
    }
}
