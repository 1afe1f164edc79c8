using Cpupolicy.Hooks;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Hooks;

/// <summary>
/// hooks/install-{libvirt,xapi,xl}.sh under a DESTDIR-style root: where each puts its launcher, that a second run
/// changes nothing, that <c>--uninstall</c> removes only cpupolicy's file, and that an installed launcher whose
/// cpupolicy is gone still ends in the configured failure mode.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")] // hooks and their files are Unix-only
public sealed class InstallerTests : IDisposable
{
    private readonly HookSandbox sandbox = new();

    public static TheoryData<string, string> Installers => new()
    {
        { "install-libvirt.sh", "etc/libvirt/hooks/qemu.d/cpupolicy" },
        { "install-xapi.sh", "etc/xapi.d/vm-pre-start/10-cpupolicy" },
        { "install-xl.sh", "usr/local/sbin/cpupolicy-xl" },
    };

    private string Root => Path.Combine(sandbox.Dir, "root");

    private static string Command => $"{ChildProcess.Dotnet} {ChildProcess.CliDll}";

    [Theory]
    [MemberData(nameof(Installers))]
    public void Installs_an_executable_launcher_with_the_command_and_settings_written_in(string installer, string relative)
    {
        var result = Install(installer, "--bundle", "/srv/policy/bundle.json", "--on-error", "refuse");
        Assert.True(result.ExitCode == 0, result.Stderr);
        var target = Path.Combine(Root, relative);
        Assert.Contains($"installed: {target}", result.StdoutText, StringComparison.Ordinal);
        var text = File.ReadAllText(target);
        Assert.Contains($"'{ChildProcess.Dotnet}' '{ChildProcess.CliDll}'", text, StringComparison.Ordinal);
        Assert.Contains("CPUPOLICY_BUNDLE='/srv/policy/bundle.json'", text, StringComparison.Ordinal);
        Assert.Contains("CPUPOLICY_ON_ERROR='refuse'", text, StringComparison.Ordinal);
        Assert.DoesNotContain("@EXEC@", text, StringComparison.Ordinal);
        Assert.DoesNotContain("@SETTINGS@", text, StringComparison.Ordinal);
        Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(target));
        var syntax = ChildProcess.Run("sh", ["-n", target], new Dictionary<string, string?>(), null, TimeSpan.FromSeconds(10));
        Assert.True(syntax.ExitCode == 0, syntax.Stderr);
    }

    [Theory]
    [MemberData(nameof(Installers))]
    public void Says_which_mode_it_installs_which_vms_are_managed_and_how_to_change_it(string installer, string relative)
    {
        var result = Install(installer);
        Assert.True(result.ExitCode == 0, result.Stderr);
        var lines = result.StdoutText.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("set: ", StringComparison.Ordinal) && l.Contains(relative, StringComparison.Ordinal));
        Assert.Contains("mode: enforce (the default)\n  enforce: ", result.StdoutText, StringComparison.Ordinal);
        Assert.Contains("a VM no rule names is left alone", result.StdoutText, StringComparison.Ordinal);
        Assert.Contains("unless the policy has a `default uses PROFILE` rule: then every VM is managed", result.StdoutText, StringComparison.Ordinal);
        Assert.Contains("re-run with --mode advise", result.StdoutText, StringComparison.Ordinal);
        Assert.Equal(installer == "install-xapi.sh", result.StdoutText.Contains(
            "without platform:featureset is vetoed until `cpupolicy apply xapi` has set it and the VM has\n  been cold-restarted", StringComparison.Ordinal));
        Assert.Contains(installer == "install-xl.sh" ? "writes a managed VM's profile into the cpuid=" : "a managed VM whose", result.StdoutText, StringComparison.Ordinal);

        var advise = Install(installer, "--mode", "advise");
        Assert.Contains("mode: advise (--mode advise)\n  advise: ", advise.StdoutText, StringComparison.Ordinal);
        Assert.Contains("to enforce: re-run with --mode enforce", advise.StdoutText, StringComparison.Ordinal);
        Assert.Contains(advise.StdoutText.Split('\n'), l => l.StartsWith("kept: ", StringComparison.Ordinal) || l.StartsWith("set: ", StringComparison.Ordinal));

        // Without --mode, the bundle's setting is what the hook will use.
        var bundle = Path.Combine(Root, "etc", "cpupolicy", "bundle.json");
        File.WriteAllText(bundle, "{\n  \"settings\": {\n    \"mode\": \"advise\",\n    \"on_error\": \"allow\"\n  }\n}\n");
        Assert.Contains("mode: advise (the bundle's setting)", Install(installer).StdoutText, StringComparison.Ordinal);

        Assert.DoesNotContain("mode:", Install(installer, "--uninstall").StdoutText, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Installers))]
    public void A_second_install_changes_nothing_and_uninstall_removes_the_file(string installer, string relative)
    {
        Assert.Equal(0, Install(installer).ExitCode);
        var target = Path.Combine(Root, relative);
        var written = File.GetLastWriteTimeUtc(target);
        var again = Install(installer);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("unchanged", again.StdoutText, StringComparison.Ordinal);
        Assert.Equal(written, File.GetLastWriteTimeUtc(target));
        var removed = Install(installer, "--uninstall");
        Assert.True(removed.ExitCode == 0 && !File.Exists(target), removed.Stderr);
        Assert.Contains("not installed", Install(installer, "--uninstall").StdoutText, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Installers))]
    public void A_file_that_is_not_cpupolicys_is_neither_overwritten_nor_removed(string installer, string relative)
    {
        var target = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.WriteAllText(target, "#!/bin/sh\n# the admin's own hook\n");
        Assert.Equal(2, Install(installer).ExitCode);
        Assert.Equal(2, Install(installer, "--uninstall").ExitCode);
        Assert.Equal("#!/bin/sh\n# the admin's own hook\n", File.ReadAllText(target));
    }

    [Theory]
    [InlineData("--mode", "strict")]
    [InlineData("--on-error", "maybe")]
    [InlineData("--cpupolicy", "dotnet cpupolicy.dll")]
    [InlineData("--bogus", "x")]
    public void Bad_options_are_usage_errors(string option, string value)
    {
        var result = ChildProcess.Run("bash", [Path.Combine(RepoData.RepoRoot, "hooks", "install-libvirt.sh"), "--root", Root, "--cpupolicy", Command, option, value],
            new Dictionary<string, string?>(), null, TimeSpan.FromSeconds(30));
        Assert.Equal(2, result.ExitCode);
        Assert.False(Directory.Exists(Path.Combine(Root, "etc")));
    }

    [Fact]
    public void The_libvirt_launcher_exits_at_once_for_operations_it_ignores()
    {
        Assert.Equal(0, Install("install-libvirt.sh", "--cpupolicy", "/nonexistent/cpupolicy").ExitCode);
        var hook = Path.Combine(Root, "etc/libvirt/hooks/qemu.d/cpupolicy");
        var result = ChildProcess.Run(hook, ["web-01", "stopped", "end", "-"], new Dictionary<string, string?> { [HookConfig.OnErrorVariable] = "refuse" }, ChildProcess.Text("<domain/>"), TimeSpan.FromSeconds(10));
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Stderr);
    }

    [Theory]
    [InlineData("allow", 0)]
    [InlineData("refuse", 1)]
    public void A_libvirt_launcher_whose_cpupolicy_is_gone_follows_the_failure_mode(string onError, int exitCode)
    {
        Assert.Equal(0, Install("install-libvirt.sh", "--cpupolicy", "/nonexistent/dotnet /nonexistent/cpupolicy.dll", "--on-error", onError).ExitCode);
        var hook = Path.Combine(Root, "etc/libvirt/hooks/qemu.d/cpupolicy");
        var result = ChildProcess.Run(hook, ["web-01", "prepare", "begin", "-"], new Dictionary<string, string?> { [HookLog.SocketVariable] = "none" }, ChildProcess.Text("<domain/>"), TimeSpan.FromSeconds(10));
        Assert.Equal(exitCode, result.ExitCode);
        Assert.Contains("cannot run /nonexistent/", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("allow", 1)]
    [InlineData("refuse", 2)]
    public void A_xapi_launcher_whose_cpupolicy_is_gone_follows_the_failure_mode(string onError, int exitCode)
    {
        Assert.Equal(0, Install("install-xapi.sh", "--cpupolicy", "/nonexistent/cpupolicy", "--on-error", onError).ExitCode);
        var hook = Path.Combine(Root, "etc/xapi.d/vm-pre-start/10-cpupolicy");
        var result = ChildProcess.Run(hook, ["-vmuuid", "aaaaaaaa-1111-2222-3333-000000000001", "-reason", "none"], new Dictionary<string, string?> { [HookLog.SocketVariable] = "none" }, null, TimeSpan.FromSeconds(10));
        Assert.Equal(exitCode, result.ExitCode);
        Assert.Contains("cannot run /nonexistent/cpupolicy", result.StdoutText, StringComparison.Ordinal);
    }

    public void Dispose() => sandbox.Dispose();

    private ProcessResult Install(string installer, params string[] extra)
    {
        var args = new List<string> { Path.Combine(RepoData.RepoRoot, "hooks", installer), "--root", Root };
        if (!extra.Contains("--cpupolicy"))
        {
            args.AddRange(["--cpupolicy", Command]);
        }

        args.AddRange(extra);
        return ChildProcess.Run("bash", args, new Dictionary<string, string?>(), null, TimeSpan.FromSeconds(30));
    }
}
