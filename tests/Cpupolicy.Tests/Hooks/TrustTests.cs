using System.Text.Json.Nodes;
using Cpupolicy.Compiler.Hooks;
using Cpupolicy.Policy.Diagnostics;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Hooks;

/// <summary>
/// Issue 24: the hooks run as root, so they act only on a bundle that only root can change. Real processes (the CLI
/// hook, the installed xl wrapper, `apply xl`, `hook check`) against a bundle that is group-writable, world-writable,
/// owned by another user, or in a world-writable folder without the sticky bit: none acts on it, each logs CP0620
/// naming the path at fault and its fix, and the on-error action of the environment decides (never the bundle's own
/// `on_error`, which these bundles set to refuse). The same bundle with safe modes works as before.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")] // hooks and their files are Unix-only
public sealed class TrustTests : IDisposable
{
    private const string Nobody = "65534";
    private const string Web = "aaaaaaaa-1111-2222-3333-000000000001";
    private const string Db = "bbbbbbbb-1111-2222-3333-000000000002";

    private const string XlConfig = "name = \"web-01\"\nmemory = 1024\n";

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    // The bundle's own settings say refuse: an untrusted bundle must not be listened to, so allow (the default) wins.
    private readonly HookSandbox sandbox = new(HookPolicy.Bundle(onError: "refuse"));

    public TrustTests()
    {
        Peers.RequireOrSkip(Environment.UserName == "root", "the trust tests chown files to nobody, which needs root");
    }

    public static TheoryData<string> Unsafe => new() { "group-writable", "world-writable", "other-owner", "open-folder" };

    public static TheoryData<string, string> UnsafeByOnError
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var variant in new[] { "group-writable", "world-writable", "other-owner", "open-folder" })
            {
                data.Add(variant, "allow");
                data.Add(variant, "refuse");
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(UnsafeByOnError))]
    public void The_libvirt_hook_does_not_act_on_an_untrusted_bundle(string variant, string onError)
    {
        var (bundle, fault) = MakeUnsafe(variant);
        var env = Env(bundle, onError == "refuse" ? "refuse" : null);
        var result = ChildProcess.Cpupolicy(env, ChildProcess.Text(HookPolicy.Domain("web-01", HookPolicy.BrokenCpu("safe"))), Deadline, "hook", "libvirt", "web-01", "prepare", "begin", "-");
        Assert.Equal(onError == "refuse" ? HookExitCodes.LibvirtRefuseError : HookExitCodes.Allow, result.ExitCode);
        AssertNamesFault(result.Stderr, fault, variant);
        Assert.Contains(onError == "refuse" ? "start refused (on error: refuse)" : "start allowed (on error: allow)", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(UnsafeByOnError))]
    public void The_xapi_hook_does_not_act_on_an_untrusted_bundle(string variant, string onError)
    {
        var (bundle, fault) = MakeUnsafe(variant);
        var xe = new FakeXe(sandbox.Dir, (Db, "db-01", "halted", XapiFeaturesetChecker.FeaturesetOf(HookPolicy.Artifact("safe", "xapi"), "safe")));
        var env = Env(bundle, onError == "refuse" ? "refuse" : null);
        env[XeClient.ProgramVariable] = xe.Program;
        var result = ChildProcess.Cpupolicy(env, null, Deadline, "hook", "xapi", "-vmuuid", Db, "-reason", "none");
        Assert.Equal(onError == "refuse" ? HookExitCodes.XapiVeto : HookExitCodes.XapiWarn, result.ExitCode);
        AssertNamesFault(result.StdoutText, fault, variant);
        Assert.Empty(xe.Calls); // not even asked about the VM
    }

    [Theory]
    [MemberData(nameof(Unsafe))]
    public void Apply_xl_does_not_act_on_an_untrusted_bundle(string variant)
    {
        var (bundle, fault) = MakeUnsafe(variant);
        var config = sandbox.Write("web.cfg", XlConfig);
        var result = ChildProcess.Cpupolicy(Env(bundle, null), null, Deadline, "apply", "xl", config, "--bundle", bundle);
        Assert.Equal(1, result.ExitCode);
        AssertNamesFault(result.Stderr, fault, variant);
        Assert.Equal(XlConfig, File.ReadAllText(config));
    }

    [Theory]
    [InlineData("world-writable", "allow", 0)]
    [InlineData("world-writable", "refuse", 1)]
    [InlineData("open-folder", "allow", 0)]
    [InlineData("open-folder", "refuse", 1)]
    public void The_xl_wrapper_takes_the_on_error_action_for_an_untrusted_bundle(string variant, string onError, int exitCode)
    {
        var (bundle, fault) = MakeUnsafe(variant);
        var root = Path.Combine(sandbox.Dir, "root");
        Assert.Equal(0, Install("install-xl.sh", root, "--cpupolicy", $"{ChildProcess.Dotnet} {ChildProcess.CliDll}", "--bundle", bundle).ExitCode);
        File.SetUnixFileMode(Path.GetDirectoryName(bundle)!, variant == "open-folder" ? (UnixFileMode)0b111_111_111 : (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(bundle, variant == "world-writable" ? (UnixFileMode)0b110_110_110 : (UnixFileMode)0b110_100_100); // the installer repaired it
        var config = sandbox.Write("web.cfg", XlConfig);
        var xlLog = Path.Combine(sandbox.Dir, "xl.log");
        var fakeXl = sandbox.Write("xl", $"#!/bin/sh\necho ran > '{xlLog}'\n");
        File.SetUnixFileMode(fakeXl, (UnixFileMode)0b111_101_101);
        var env = new Dictionary<string, string?> { ["CPUPOLICY_XL"] = fakeXl, [HookConfig.OnErrorVariable] = onError, [HookLog.SocketVariable] = "none" };
        var result = ChildProcess.Run(Path.Combine(root, "usr/local/sbin/cpupolicy-xl"), ["create", config], env, null, Deadline);
        Assert.Equal(exitCode, result.ExitCode);
        AssertNamesFault(result.Stderr, fault, variant);
        Assert.Equal(onError == "allow", File.Exists(xlLog));
        Assert.Equal(XlConfig, File.ReadAllText(config));
    }

    [Theory]
    [InlineData("root-folder")]
    [InlineData("sticky-folder")]
    public void A_bundle_with_safe_modes_works_as_before(string where)
    {
        var dir = Path.Combine(sandbox.Dir, where);
        Directory.CreateDirectory(dir);
        File.SetUnixFileMode(dir, where == "sticky-folder" ? (UnixFileMode)0b1_111_111_111 : (UnixFileMode)0b111_101_101);
        var bundle = Path.Combine(dir, "bundle.json");
        File.WriteAllText(bundle, HookPolicy.Bundle());
        File.SetUnixFileMode(bundle, (UnixFileMode)0b110_100_100);

        var libvirt = ChildProcess.Cpupolicy(Env(bundle, null), ChildProcess.Text(HookPolicy.Domain("web-01", HookPolicy.BrokenCpu("safe"))), Deadline, "hook", "libvirt", "web-01", "prepare", "begin", "-");
        Assert.Equal(HookExitCodes.LibvirtRefuseViolation, libvirt.ExitCode);

        var xe = new FakeXe(sandbox.Dir, (Db, "db-01", "halted", XapiFeaturesetChecker.FeaturesetOf(HookPolicy.Artifact("safe", "xapi"), "safe")));
        var env = Env(bundle, null);
        env[XeClient.ProgramVariable] = xe.Program;
        var xapi = ChildProcess.Cpupolicy(env, null, Deadline, "hook", "xapi", "-vmuuid", Db, "-reason", "none");
        Assert.Equal(HookExitCodes.XapiVeto, xapi.ExitCode);

        var config = sandbox.Write("web.cfg", XlConfig);
        var xl = ChildProcess.Cpupolicy(Env(bundle, null), null, Deadline, "apply", "xl", config, "--bundle", bundle);
        Assert.True(xl.ExitCode == 0, xl.Stderr);
        Assert.Contains("cpuid", File.ReadAllText(config), StringComparison.Ordinal);
        Assert.DoesNotContain(DiagnosticCatalog.BundleUntrusted.Code, libvirt.Stderr + xapi.StdoutText + xl.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_link_to_an_open_folder_is_followed_and_its_target_judged()
    {
        var open = Path.Combine(sandbox.Dir, "open");
        Directory.CreateDirectory(open);
        File.SetUnixFileMode(open, (UnixFileMode)0b111_111_111);
        File.WriteAllText(Path.Combine(open, "bundle.json"), HookPolicy.Bundle());
        var link = Path.Combine(sandbox.Dir, "etc-cpupolicy");
        File.CreateSymbolicLink(link, open);
        var problem = FileTrust.Check(Path.Combine(link, "bundle.json"));
        Assert.NotNull(problem);
        Assert.Equal(open, problem.Path);
        Assert.Equal($"chmod go-w {open}", problem.Fix);

        File.SetUnixFileMode(open, (UnixFileMode)0b111_101_101);
        Assert.Null(FileTrust.Check(Path.Combine(link, "bundle.json")));
        Chown(link, "-h");
        Assert.Equal(link, FileTrust.Check(Path.Combine(link, "bundle.json"))?.Path);
    }

    [Fact]
    public void A_run_that_is_not_root_also_trusts_its_own_files_but_no_one_elses()
    {
        var bundle = sandbox.Write("mine.json", HookPolicy.Bundle());
        Chown(bundle);
        Assert.Null(FileTrust.Check(bundle, runningAs: 65534));
        Assert.Equal(bundle, FileTrust.Check(bundle, runningAs: 1000)?.Path);
        Assert.Equal(bundle, FileTrust.Check(bundle, runningAs: 0)?.Path);
    }

    [Theory]
    [InlineData("xl")]
    [InlineData("libvirt")]
    public void An_in_place_edit_keeps_the_owner_and_group_of_the_file(string backend)
    {
        var path = backend == "xl" ? sandbox.Write("web.cfg", XlConfig) : sandbox.Write("web.xml", HookPolicy.Domain("web-01", null));
        File.SetUnixFileMode(path, (UnixFileMode)0b110_100_000);
        Chown(path);
        string[] args = backend == "xl" ? ["apply", "xl", path] : ["apply", "libvirt", "--in-place", path];
        var result = ChildProcess.Cpupolicy(Env(sandbox.BundlePath, null), null, Deadline, args);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains(backend == "xl" ? "cpuid" : "<model", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Equal($"{Nobody}:{Nobody} 640", Stat(path));
    }

    [Fact]
    public void An_in_place_edit_of_a_config_in_an_open_folder_is_refused()
    {
        var open = Path.Combine(sandbox.Dir, "open");
        Directory.CreateDirectory(open);
        File.SetUnixFileMode(open, (UnixFileMode)0b111_111_111);
        var config = Path.Combine(open, "web.cfg");
        File.WriteAllText(config, XlConfig);
        var result = ChildProcess.Cpupolicy(Env(sandbox.BundlePath, null), null, Deadline, "apply", "xl", config);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(DiagnosticCatalog.VmConfigUntrusted.Code, result.Stderr, StringComparison.Ordinal);
        Assert.Contains($"chmod go-w {open}", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(XlConfig, File.ReadAllText(config));
    }

    [Theory]
    [InlineData("libvirt", "install-libvirt.sh")]
    [InlineData("xapi", "install-xapi.sh")]
    [InlineData("xl", "install-xl.sh")]
    public void Check_reports_a_clean_install_as_clean(string platform, string installer)
    {
        var root = Path.Combine(sandbox.Dir, "root");
        var install = Install(installer, root, "--cpupolicy", $"{ChildProcess.Dotnet} {ChildProcess.CliDll}");
        Assert.True(install.ExitCode == 0, install.Stderr);
        Assert.Contains($"set: {root}/etc/cpupolicy root:root 0755", install.StdoutText, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(root, "etc/cpupolicy/bundle.json"), HookPolicy.Bundle());
        var check = ChildProcess.Cpupolicy(new Dictionary<string, string?>(), null, Deadline, "--json", "hook", "check", "--platform", platform, "--root", root);
        Assert.True(check.ExitCode == 0, check.StdoutText + check.Stderr);
        var json = JsonNode.Parse(check.StdoutText)!.AsObject();
        Assert.True(json["ok"]!.GetValue<bool>());
        Assert.Equal(platform, json["platform"]!.GetValue<string>());
        Assert.Equal(Path.Combine(root, "etc/cpupolicy/bundle.json"), json["bundle"]!.GetValue<string>());
        Assert.Equal(1, json["bundle_version"]!.GetValue<int>());
        Assert.Equal(1, json["hook_bundle_version"]!.GetValue<int>());
        Assert.Equal([ChildProcess.Dotnet, ChildProcess.CliDll], json["command"]!.AsArray().Select(w => w!.GetValue<string>()));
        Assert.Empty(json["problems"]!.AsArray());
    }

    [Theory]
    [MemberData(nameof(Unsafe))]
    public void Check_reports_an_untrusted_bundle(string variant)
    {
        var root = Path.Combine(sandbox.Dir, "root");
        var (bundle, fault) = MakeUnsafe(variant);
        Assert.Equal(0, Install("install-libvirt.sh", root, "--cpupolicy", $"{ChildProcess.Dotnet} {ChildProcess.CliDll}", "--bundle", bundle).ExitCode);
        MakeUnsafe(variant); // again: the installer repairs the bundle's modes (not a folder that is not cpupolicy's)
        var check = ChildProcess.Cpupolicy(new Dictionary<string, string?>(), null, Deadline, "--json", "hook", "check", "--platform", "libvirt", "--root", root, "--bundle", bundle);
        Assert.Equal(1, check.ExitCode);
        var problems = JsonNode.Parse(check.StdoutText)!["problems"]!.AsArray();
        var problem = Assert.Single(problems);
        Assert.Equal(DiagnosticCatalog.BundleUntrusted.Code, problem!["code"]!.GetValue<string>());
        Assert.Equal(fault, problem["path"]!.GetValue<string>());
        Assert.StartsWith(variant == "other-owner" ? "chown root " : "chmod go-w ", problem["fix"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_names_every_problem_not_just_the_first()
    {
        var root = Path.Combine(sandbox.Dir, "root");
        Assert.Equal(0, Install("install-xapi.sh", root).ExitCode); // the default command: the native hook, not built here
        var hook = Path.Combine(root, "etc/xapi.d/vm-pre-start/10-cpupolicy");
        File.SetUnixFileMode(hook, (UnixFileMode)0b111_111_101);
        var bundle = Path.Combine(root, "etc/cpupolicy/bundle.json");
        File.WriteAllText(bundle, "{\"format\": \"cpupolicy-bundle\", \"version\": 99}");
        var check = ChildProcess.Cpupolicy(new Dictionary<string, string?>(), null, Deadline, "hook", "check", "--platform", "xapi", "--root", root);
        Assert.Equal(1, check.ExitCode);
        Assert.Contains($"CP0623: the hook `{hook}` runs as root", check.Stderr, StringComparison.Ordinal);
        Assert.Contains("/usr/local/lib/cpupolicy/cpupolicy-hook`, which does not exist", check.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{DiagnosticCatalog.BundleCorrupt.Code}: bundle `{bundle}` has a version", check.Stderr, StringComparison.Ordinal);
        Assert.Contains("3 problems", check.StdoutText, StringComparison.Ordinal);

        var libvirt = ChildProcess.Cpupolicy(new Dictionary<string, string?>(), null, Deadline, "hook", "check", "--platform", "libvirt", "--root", root);
        Assert.Equal(1, libvirt.ExitCode);
        Assert.Contains($"{DiagnosticCatalog.HookNotInstalled.Code}: the libvirt hook `{root}/etc/libvirt/hooks/qemu.d/cpupolicy` is not installed", libvirt.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Reinstalling_repairs_modes_that_drifted()
    {
        var root = Path.Combine(sandbox.Dir, "root");
        Assert.Equal(0, Install("install-libvirt.sh", root, "--cpupolicy", $"{ChildProcess.Dotnet} {ChildProcess.CliDll}").ExitCode);
        var hook = Path.Combine(root, "etc/libvirt/hooks/qemu.d/cpupolicy");
        var bundle = Path.Combine(root, "etc/cpupolicy/bundle.json");
        File.WriteAllText(bundle, HookPolicy.Bundle());
        File.SetUnixFileMode(bundle, (UnixFileMode)0b110_110_110);
        File.SetUnixFileMode(Path.GetDirectoryName(bundle)!, (UnixFileMode)0b111_111_111);
        File.SetUnixFileMode(hook, (UnixFileMode)0b111_111_111);
        Chown(hook);
        var again = Install("install-libvirt.sh", root, "--cpupolicy", $"{ChildProcess.Dotnet} {ChildProcess.CliDll}");
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Contains($"set: {hook} root:root 0755 (was nobody:nogroup 0777)", again.StdoutText, StringComparison.Ordinal);
        Assert.Contains($"set: {bundle} root:root 0644 (was root:root 0666)", again.StdoutText, StringComparison.Ordinal);
        Assert.Equal("0:0 644", Stat(bundle));
        Assert.Equal("0:0 755", Stat(Path.GetDirectoryName(bundle)!));
        Assert.Equal("0:0 755", Stat(hook));
    }

    public void Dispose() => sandbox.Dispose();

    /// <summary>A copy of the sandbox's bundle made unsafe one way; returns it and the path a diagnostic must name.</summary>
    private (string Bundle, string Fault) MakeUnsafe(string variant)
    {
        if (variant == "open-folder")
        {
            var open = Path.Combine(sandbox.Dir, "open");
            Directory.CreateDirectory(open);
            File.SetUnixFileMode(open, (UnixFileMode)0b111_111_111);
            var inOpen = Path.Combine(open, "bundle.json");
            File.Copy(sandbox.BundlePath, inOpen, overwrite: true);
            File.SetUnixFileMode(inOpen, (UnixFileMode)0b110_100_100);
            return (inOpen, open);
        }

        var dir = Path.Combine(sandbox.Dir, "etc-cpupolicy");
        Directory.CreateDirectory(dir);
        var bundle = Path.Combine(dir, "bundle.json");
        File.Copy(sandbox.BundlePath, bundle, overwrite: true);
        switch (variant)
        {
            case "group-writable":
                File.SetUnixFileMode(bundle, (UnixFileMode)0b110_110_100);
                break;
            case "world-writable":
                File.SetUnixFileMode(bundle, (UnixFileMode)0b110_110_110);
                break;
            default:
                File.SetUnixFileMode(bundle, (UnixFileMode)0b110_100_100);
                Chown(bundle);
                break;
        }

        return (bundle, bundle);
    }

    private static void AssertNamesFault(string log, string fault, string variant)
    {
        Assert.Contains(DiagnosticCatalog.BundleUntrusted.Code, log, StringComparison.Ordinal);
        Assert.Contains($"`{fault}` (", log, StringComparison.Ordinal);
        Assert.Contains(variant == "other-owner" ? "owner nobody" : "owner root", log, StringComparison.Ordinal);
        Assert.Contains(variant == "other-owner" ? $"fix: `chown root {fault}`" : $"fix: `chmod go-w {fault}`", log, StringComparison.Ordinal);
        Assert.Single(log.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains(DiagnosticCatalog.BundleUntrusted.Code, StringComparison.Ordinal));
    }

    private static Dictionary<string, string?> Env(string bundle, string? onError) => new()
    {
        [HookConfig.BundleVariable] = bundle,
        [HookConfig.OnErrorVariable] = onError,
        [HookLog.SocketVariable] = "none",
    };

    private static void Chown(string path, string? flag = null)
    {
        var result = ChildProcess.Run("chown", flag is null ? [$"{Nobody}:{Nobody}", path] : [flag, $"{Nobody}:{Nobody}", path], new Dictionary<string, string?>(), null, TimeSpan.FromSeconds(10));
        Assert.True(result.ExitCode == 0, result.Stderr);
    }

    private static string Stat(string path) =>
        ChildProcess.Run("stat", ["-c", "%u:%g %a", path], new Dictionary<string, string?>(), null, TimeSpan.FromSeconds(10)).StdoutText.Trim();

    private static ProcessResult Install(string installer, string root, params string[] extra) =>
        ChildProcess.Run("bash", [Path.Combine(RepoData.RepoRoot, "hooks", installer), "--root", root, .. extra], new Dictionary<string, string?>(), null, TimeSpan.FromSeconds(30));
}
