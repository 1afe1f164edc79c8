using System.Text;
using Cpupolicy.Hooks;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Hooks;

/// <summary>
/// <c>cpupolicy apply xl</c> and the <c>cpupolicy-xl</c> wrapper: the <c>cpuid=</c> setting is inserted or replaced
/// (a multi-line xend list counts as one setting), every other byte of the config stays, the file is replaced
/// atomically with its permissions, and a config the editor cannot read is left alone.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")] // hooks and their files are Unix-only
public sealed class XlApplyTests : IDisposable
{
    private const string Config = """
        # Xen domain config for the web tier.
        name = "web-01"   # the glob web-* picks profile safe
        memory = 1024
        vcpus = 2; maxvcpus = 4
        disk = [ 'phy:/dev/vg0/web01,xvda,w',
                 'file:/srv/iso/ü.iso,hdc:cdrom,r' ]
        vif = [ "bridge=xenbr0" ]
        on_crash = 'restart'

        """;

    private readonly HookSandbox sandbox = new();

    private static string SafeStatement => XlConfigEditor.CpuidOf(HookPolicy.Artifact("safe", "xen"), "safe").Statement;

    private static string SmallStatement => XlConfigEditor.CpuidOf(HookPolicy.Artifact("small", "xen"), "small").Statement;

    [Fact]
    public void Apply_appends_the_cpuid_setting_and_keeps_every_other_byte()
    {
        var path = sandbox.Write("web.cfg", Config);
        var result = Run("apply", "xl", path);
        Assert.True(result.ExitCode == 0, result.Stderr);
        var text = File.ReadAllText(path);
        Assert.StartsWith(Config, text, StringComparison.Ordinal);
        Assert.EndsWith(SafeStatement + "\n", text, StringComparison.Ordinal);
        Assert.Contains("# cpupolicy: profile safe", text[Config.Length..], StringComparison.Ordinal);
        Assert.Contains("profile `safe` (vm \"web-*\")", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_replaces_a_one_line_cpuid_in_place()
    {
        var before = Config.Replace("memory = 1024\n", "memory = 1024\ncpuid = \"host,avx=0\"   # old mask\n", StringComparison.Ordinal);
        var path = sandbox.Write("web.cfg", before);
        Assert.Equal(0, Run("apply", "xl", path).ExitCode);
        Assert.Equal(before.Replace("cpuid = \"host,avx=0\"", SafeStatement, StringComparison.Ordinal), File.ReadAllText(path));
    }

    [Fact]
    public void Apply_replaces_a_multi_line_xend_list_as_one_setting()
    {
        const string list = "cpuid = [ '1:ecx=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx0',   # no sse3\n          '0x80000001:edx=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'\n        ]";
        var before = Config.Replace("vif =", list + "\nvif =", StringComparison.Ordinal);
        var path = sandbox.Write("web.cfg", before);
        Assert.Equal(0, Run("apply", "xl", path).ExitCode);
        Assert.Equal(before.Replace(list, SafeStatement, StringComparison.Ordinal), File.ReadAllText(path));
    }

    [Fact]
    public void Apply_is_idempotent_and_leaves_an_up_to_date_file_untouched()
    {
        var path = sandbox.Write("web.cfg", Config);
        Assert.Equal(0, Run("apply", "xl", path).ExitCode);
        var once = File.ReadAllBytes(path);
        var written = File.GetLastWriteTimeUtc(path);
        Thread.Sleep(20);
        var again = Run("apply", "xl", path);
        Assert.Equal(once, File.ReadAllBytes(path));
        Assert.Equal(written, File.GetLastWriteTimeUtc(path));
        Assert.Contains("unchanged", again.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_with_profile_overrides_the_globs()
    {
        var path = sandbox.Write("web.cfg", Config);
        Assert.Equal(0, Run("apply", "xl", path, "--profile", "small").ExitCode);
        Assert.EndsWith(SmallStatement + "\n", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_keeps_crlf_and_the_files_permissions_and_leaves_no_temp_file()
    {
        var path = sandbox.Write("web.cfg", Config.Replace("\n", "\r\n", StringComparison.Ordinal));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        Assert.Equal(0, Run("apply", "xl", path).ExitCode);
        var text = File.ReadAllText(path);
        Assert.DoesNotContain("\n", text.Replace("\r\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(path));
        Assert.Equal(["web.cfg"], Directory.GetFiles(sandbox.Dir, "*web.cfg*").Select(Path.GetFileName));
    }

    [Fact]
    public void Apply_edits_the_file_a_symlink_points_to_and_keeps_the_link()
    {
        var target = sandbox.Write("web.cfg", Config);
        var link = Path.Combine(sandbox.Dir, "auto-web.cfg");
        File.CreateSymbolicLink(link, target);
        Assert.Equal(0, Run("apply", "xl", link).ExitCode);
        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.EndsWith(SafeStatement + "\n", File.ReadAllText(target), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("name = \"web-01\nmemory = 1", "not closed")]
    [InlineData("name = \"web-01\"\ncpuid = [ 'a', ", "not closed with `]`")]
    [InlineData("name \"web-01\"\n", "expected `=`")]
    [InlineData("memory = 1024\n", "no `name")]
    public void A_config_the_editor_cannot_read_is_left_unchanged(string content, string message)
    {
        var path = sandbox.Write("bad.cfg", content);
        var result = Run("apply", "xl", path);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(DiagnosticCatalog.XlConfigRejected.Code, result.Stderr, StringComparison.Ordinal);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.Equal(content, File.ReadAllText(path));
    }

    [Fact]
    public void A_vm_no_rule_and_no_default_names_is_left_alone_with_exit_0()
    {
        var path = sandbox.Write("mail.cfg", "name = 'mail'\n");
        var result = Run("apply", "xl", path);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains($"VM `mail`: not managed: no `vm` rule or `default` of the policy names it; {path} unchanged", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(DiagnosticCatalog.VmUnknown.Code, result.Stderr, StringComparison.Ordinal);
        Assert.Equal("name = 'mail'\n", File.ReadAllText(path));

        var json = Run("apply", "xl", path, "--json");
        Assert.True(json.ExitCode == 0, json.Stderr);
        Assert.Contains("\"changed\": false", json.StdoutText, StringComparison.Ordinal);
        Assert.Contains("\"profile\": null", json.StdoutText, StringComparison.Ordinal);

        var printed = Run("apply", "xl", path, "--stdout");
        Assert.True(printed.ExitCode == 0, printed.Stderr);
        Assert.Equal("name = 'mail'\n", printed.StdoutText);
    }

    [Fact]
    public void The_editor_keeps_bytes_that_are_not_utf8()
    {
        var bytes = Encoding.Latin1.GetBytes("# caf\u00e9 in Latin-1\nname = 'web-01'\n");
        var text = XlConfigEditor.Bytes.GetString(bytes);
        var edited = XlConfigEditor.Bytes.GetBytes(XlConfigEditor.SetCpuid(text, string.Empty, "cpuid = \"host\"", "t.cfg"));
        Assert.Equal(bytes, edited[..bytes.Length]);
    }

    [Fact]
    public void The_wrapper_applies_the_profile_then_runs_xl_with_the_same_arguments()
    {
        var wrapper = Install();
        var path = sandbox.Write("web.cfg", Config);
        var xlLog = Path.Combine(sandbox.Dir, "xl.log");
        var fakeXl = sandbox.Write("xl", $"#!/bin/sh\necho \"$@\" > '{xlLog}'\n");
        File.SetUnixFileMode(fakeXl, (UnixFileMode)0b111_101_101);
        var env = new Dictionary<string, string?> { ["CPUPOLICY_XL"] = fakeXl, [HookLog.SocketVariable] = "none" };
        var result = ChildProcess.Run(wrapper, ["create", "-p", path, "memory=512"], env, null, TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.EndsWith(SafeStatement + "\n", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Equal($"create -p {path} memory=512\n", File.ReadAllText(xlLog));
    }

    [Theory]
    [InlineData("allow", 0)]
    [InlineData("refuse", 1)]
    public void The_wrapper_follows_the_failure_mode_when_the_config_cannot_be_set(string onError, int exitCode)
    {
        var wrapper = Install();
        var path = sandbox.Write("anonymous.cfg", "memory = 512\n");
        var xlLog = Path.Combine(sandbox.Dir, "xl.log");
        var fakeXl = sandbox.Write("xl", $"#!/bin/sh\necho ran > '{xlLog}'\n");
        File.SetUnixFileMode(fakeXl, (UnixFileMode)0b111_101_101);
        var env = new Dictionary<string, string?> { ["CPUPOLICY_XL"] = fakeXl, [HookConfig.OnErrorVariable] = onError, [HookLog.SocketVariable] = "none" };
        var result = ChildProcess.Run(wrapper, ["create", path], env, null, TimeSpan.FromSeconds(60));
        Assert.Equal(exitCode, result.ExitCode);
        Assert.Contains(DiagnosticCatalog.XlConfigRejected.Code, result.Stderr, StringComparison.Ordinal);
        Assert.Equal(onError == "allow", File.Exists(xlLog));
        Assert.Equal("memory = 512\n", File.ReadAllText(path));
    }

    [Fact]
    public void The_wrapper_starts_an_unmanaged_vm_untouched_even_under_refuse()
    {
        var wrapper = Install();
        var path = sandbox.Write("mail.cfg", "name = 'mail'\n");
        var xlLog = Path.Combine(sandbox.Dir, "xl.log");
        var fakeXl = sandbox.Write("xl", $"#!/bin/sh\necho \"$@\" > '{xlLog}'\n");
        File.SetUnixFileMode(fakeXl, (UnixFileMode)0b111_101_101);
        var env = new Dictionary<string, string?> { ["CPUPOLICY_XL"] = fakeXl, [HookConfig.OnErrorVariable] = "refuse", [HookLog.SocketVariable] = "none" };
        var result = ChildProcess.Run(wrapper, ["create", path], env, null, TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("VM `mail`: not managed", result.Stderr, StringComparison.Ordinal);
        Assert.Equal($"create {path}\n", File.ReadAllText(xlLog));
        Assert.Equal("name = 'mail'\n", File.ReadAllText(path));
    }

    [Fact]
    public void The_wrapper_in_advise_mode_reports_but_does_not_write()
    {
        var wrapper = Install();
        var path = sandbox.Write("web.cfg", Config);
        var fakeXl = sandbox.Write("xl", "#!/bin/sh\nexit 0\n");
        File.SetUnixFileMode(fakeXl, (UnixFileMode)0b111_101_101);
        var env = new Dictionary<string, string?> { ["CPUPOLICY_XL"] = fakeXl, [HookConfig.ModeVariable] = "advise", [HookLog.SocketVariable] = "none" };
        var result = ChildProcess.Run(wrapper, ["create", path], env, null, TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("not written: mode advise", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(Config, File.ReadAllText(path));
    }

    public void Dispose() => sandbox.Dispose();

    private ProcessResult Run(params string[] args) =>
        ChildProcess.Cpupolicy(new Dictionary<string, string?>(sandbox.Variables), null, TimeSpan.FromSeconds(60), args);

    private string Install()
    {
        var root = Path.Combine(sandbox.Dir, "root");
        var install = ChildProcess.Run("bash", [Path.Combine(RepoData.RepoRoot, "hooks", "install-xl.sh"), "--root", root, "--cpupolicy", $"{ChildProcess.Dotnet} {ChildProcess.CliDll}", "--bundle", sandbox.BundlePath],
            new Dictionary<string, string?>(), null, TimeSpan.FromSeconds(30));
        Assert.True(install.ExitCode == 0, install.Stderr);
        return Path.Combine(root, "usr", "local", "sbin", "cpupolicy-xl");
    }
}
