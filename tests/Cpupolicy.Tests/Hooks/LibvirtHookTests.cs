using System.Net.Sockets;
using System.Text;
using Cpupolicy.Hooks;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Tests.Hooks;

/// <summary>
/// The libvirt hook's decisions, in process: the prepare gate in both modes, the migrate/restore filter, how a VM
/// finds its profile (metadata wins over globs), the settings and their synonyms, the log line (one, on stderr and
/// syslog), and the operations it ignores without reading stdin.
/// </summary>
public sealed class LibvirtHookTests : IDisposable
{
    private readonly HookSandbox sandbox = new();

    [Fact]
    public void Prepare_allows_a_domain_whose_cpu_is_its_profile()
    {
        var outcome = sandbox.Libvirt("web-01", "prepare", HookPolicy.Domain("web-01", HookPolicy.CpuElement("safe")));
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(HookLogLevel.Info, outcome.Level);
        Assert.Contains("matches profile `safe` (vm \"web-*\")", outcome.Line, StringComparison.Ordinal);
        Assert.Null(outcome.Output);
    }

    [Fact]
    public void Prepare_in_enforce_mode_refuses_with_one_line_naming_the_vm_the_profile_and_the_features()
    {
        var outcome = sandbox.Libvirt("web-01", "prepare", HookPolicy.Domain("web-01", HookPolicy.BrokenCpu("safe", "sse4.2")));
        Assert.Equal(HookExitCodes.LibvirtRefuseViolation, outcome.ExitCode);
        Assert.Equal(HookLogLevel.Error, outcome.Level);
        var line = outcome.Line!;
        Assert.DoesNotContain('\n', line);
        Assert.Contains("VM `web-01`", line, StringComparison.Ordinal);
        Assert.Contains("profile `safe`", line, StringComparison.Ordinal);
        Assert.Contains("lacks sse4.2", line, StringComparison.Ordinal);
        Assert.Contains(DiagnosticCatalog.CpuBreaksProfile.Code, line, StringComparison.Ordinal);
    }

    [Fact]
    public void Prepare_names_features_the_domain_has_that_the_profile_lacks()
    {
        var cpu = HookPolicy.CpuElement("safe").Replace("</cpu>", "  <feature policy='require' name='avx'/>\n</cpu>", StringComparison.Ordinal);
        var outcome = sandbox.Libvirt("web-01", "prepare", HookPolicy.Domain("web-01", cpu));
        Assert.Equal(HookExitCodes.LibvirtRefuseViolation, outcome.ExitCode);
        Assert.Contains("the VM has avx which the profile lacks", outcome.Line, StringComparison.Ordinal);
    }

    [Fact]
    public void Prepare_accepts_an_equivalent_cpu_written_differently()
    {
        // Same features, other layout: single quotes, attributes reordered, a comment, features in another order.
        var element = HookPolicy.CpuElement("safe").Replace('"', '\'');
        var features = element.Split('\n').Where(l => l.Contains("<feature", StringComparison.Ordinal)).Reverse();
        var head = element.Split('\n').Where(l => !l.Contains("<feature", StringComparison.Ordinal) && !l.Contains("</cpu>", StringComparison.Ordinal));
        var cpu = string.Join("\n", head.Concat(["  <!-- reordered -->"]).Concat(features).Append("</cpu>"))
            .Replace("mode='custom' match='exact'", "match='exact' mode='custom'", StringComparison.Ordinal);
        var outcome = sandbox.Libvirt("web-01", "prepare", HookPolicy.Domain("web-01", cpu));
        Assert.True(outcome.ExitCode == 0 && outcome.Level == HookLogLevel.Info, outcome.Line);
    }

    [Fact]
    public void Prepare_in_advise_mode_logs_the_difference_and_allows()
    {
        sandbox.Set(HookConfig.ModeVariable, "advise");
        var outcome = sandbox.Libvirt("web-01", "prepare", HookPolicy.Domain("web-01", HookPolicy.BrokenCpu("safe")));
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(HookLogLevel.Warning, outcome.Level);
        Assert.Contains("mode advise", outcome.Line, StringComparison.Ordinal);
        Assert.Contains("lacks sse2", outcome.Line, StringComparison.Ordinal);
    }

    [Fact]
    public void The_bundle_setting_applies_when_the_environment_has_none()
    {
        using var advising = new HookSandbox(HookPolicy.Bundle(mode: "advise"));
        Assert.Equal(0, advising.Libvirt("web-01", "prepare", HookPolicy.Domain("web-01", HookPolicy.BrokenCpu("safe"))).ExitCode);
        advising.Set(HookConfig.ModeVariable, "enforce");
        Assert.Equal(HookExitCodes.LibvirtRefuseViolation, advising.Libvirt("web-01", "prepare", HookPolicy.Domain("web-01", HookPolicy.BrokenCpu("safe"))).ExitCode);
    }

    [Theory]
    [InlineData(null, "cpu-less")]
    [InlineData("<cpu mode='host-passthrough'/>", "host-passthrough")]
    [InlineData("<cpu mode='host-model'/>", "host-model")]
    [InlineData("<cpu mode='custom'><model>Nehalem</model><feature policy='optional' name='avx'/></cpu>", "optional")]
    public void A_cpu_that_is_not_a_fixed_feature_set_breaks_the_profile(string? cpu, string what)
    {
        var outcome = sandbox.Libvirt("web-01", "prepare", HookPolicy.Domain("web-01", cpu));
        Assert.True(outcome.ExitCode == HookExitCodes.LibvirtRefuseViolation, $"{what}: {outcome.Line}");
    }

    [Fact]
    public void Metadata_naming_a_profile_wins_over_the_globs()
    {
        var xml = HookPolicy.Domain("web-01", HookPolicy.CpuElement("small")).Replace(
            "<memory", "<metadata>\n    <cpupolicy:profile xmlns:cpupolicy='https://cpupolicy.dev/xmlns/1'>small</cpupolicy:profile>\n  </metadata>\n  <memory", StringComparison.Ordinal);
        var outcome = sandbox.Libvirt("web-01", "prepare", xml);
        Assert.True(outcome.ExitCode == 0, outcome.Line);
        Assert.Contains("profile `small` (its <cpupolicy:profile> metadata)", outcome.Line, StringComparison.Ordinal);
    }

    [Fact]
    public void Metadata_in_another_namespace_is_not_a_profile_choice()
    {
        var xml = HookPolicy.Domain("web-01", HookPolicy.CpuElement("safe")).Replace(
            "<memory", "<metadata><x:profile xmlns:x='urn:other'>small</x:profile></metadata>\n  <memory", StringComparison.Ordinal);
        Assert.Contains("vm \"web-*\"", sandbox.Libvirt("web-01", "prepare", xml).Line, StringComparison.Ordinal);
    }

    [Fact]
    public void Metadata_naming_a_profile_the_bundle_lacks_takes_the_error_path()
    {
        var xml = HookPolicy.Domain("web-01", HookPolicy.CpuElement("safe")).Replace(
            "<memory", "<metadata><p:profile xmlns:p='https://cpupolicy.dev/xmlns/1'>gone</p:profile></metadata>\n  <memory", StringComparison.Ordinal);
        var outcome = sandbox.Libvirt("web-01", "prepare", xml);
        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains(DiagnosticCatalog.ProfileNotInBundle.Code, outcome.Line, StringComparison.Ordinal);
        Assert.Equal(HookExitCodes.LibvirtRefuseError, sandbox.Set(HookConfig.OnErrorVariable, "refuse").Libvirt("web-01", "prepare", xml).ExitCode);
    }

    [Fact]
    public void The_default_profile_catches_names_no_glob_matches()
    {
        using var withDefault = new HookSandbox(HookPolicy.Bundle(withDefault: true));
        var outcome = withDefault.Libvirt("mail", "prepare", HookPolicy.Domain("mail", HookPolicy.CpuElement("small")));
        Assert.True(outcome.ExitCode == 0, outcome.Line);
        Assert.Contains("profile `small` (default)", outcome.Line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("migrate")]
    [InlineData("restore")]
    public void Migrate_and_restore_print_the_xml_with_the_profiles_cpu(string operation)
    {
        var xml = HookPolicy.Domain("web-01", "<cpu mode='host-passthrough'/>");
        var outcome = sandbox.Libvirt("web-01", operation, xml);
        Assert.Equal(0, outcome.ExitCode);
        var expected = HookPolicy.Domain("web-01", HookPolicy.CpuElement("safe"));
        Assert.Equal(expected, Encoding.UTF8.GetString(outcome.Output!));
    }

    [Fact]
    public void Migrate_inserts_a_missing_cpu_before_the_end_of_the_domain_with_the_childrens_indentation()
    {
        var outcome = sandbox.Libvirt("web-01", "migrate", HookPolicy.Domain("web-01", null));
        var text = Encoding.UTF8.GetString(outcome.Output!);
        var expected = HookPolicy.Domain("web-01", null).Replace("</domain>", "  " + HookPolicy.CpuElement("safe").Replace("\n", "\n  ", StringComparison.Ordinal) + "\n</domain>", StringComparison.Ordinal);
        Assert.Equal(expected, text);
    }

    [Fact]
    public void Migrate_keeps_crlf_line_ends()
    {
        var xml = HookPolicy.Domain("web-01", "<cpu mode='host-model'/>").Replace("\n", "\r\n", StringComparison.Ordinal);
        var text = Encoding.UTF8.GetString(sandbox.Libvirt("web-01", "migrate", xml).Output!);
        Assert.DoesNotContain("\n", text.Replace("\r\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("<model fallback=\"forbid\">Nehalem</model>", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Migrate_in_advise_mode_prints_nothing_so_libvirt_keeps_the_xml()
    {
        sandbox.Set(HookConfig.ModeVariable, "advise");
        var outcome = sandbox.Libvirt("web-01", "migrate", HookPolicy.Domain("web-01", "<cpu mode='host-model'/>"));
        Assert.Equal(0, outcome.ExitCode);
        Assert.Null(outcome.Output);
        Assert.Contains("left unchanged (mode advise)", outcome.Line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("start", "begin")]
    [InlineData("started", "begin")]
    [InlineData("stopped", "end")]
    [InlineData("release", "end")]
    [InlineData("reconnect", "begin")]
    [InlineData("attach", "begin")]
    [InlineData("prepare", "end")]
    public void Other_operations_return_at_once_without_reading_stdin(string operation, string subOperation)
    {
        using var stdin = new UnreadableStream();
        var outcome = new LibvirtHook(sandbox.Env).Run("web-01", operation, subOperation, stdin);
        Assert.Equal(0, outcome.ExitCode);
        Assert.Null(outcome.Line);
        Assert.False(stdin.WasRead);
    }

    [Theory]
    [InlineData("fail-open", 0)]
    [InlineData("allow", 0)]
    [InlineData("fail-closed", HookExitCodes.LibvirtRefuseError)]
    [InlineData("refuse", HookExitCodes.LibvirtRefuseError)]
    [InlineData("REFUSE", HookExitCodes.LibvirtRefuseError)]
    public void On_error_accepts_its_synonyms(string value, int exitCode)
    {
        sandbox.Set(HookConfig.OnErrorVariable, value);
        // A managed domain whose <cpu> cannot be read takes the error path (an unmanaged one is left alone).
        Assert.Equal(exitCode, sandbox.Libvirt("web-01", "prepare", HookPolicy.Domain("web-01", "<cpu mode='custom'><model>Pentium-9000</model></cpu>")).ExitCode);
    }

    [Fact]
    public void A_setting_with_an_unknown_value_takes_the_error_path()
    {
        sandbox.Set(HookConfig.ModeVariable, "strict");
        var outcome = sandbox.Libvirt("web-01", "prepare", HookPolicy.Domain("web-01", HookPolicy.CpuElement("safe")));
        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains(DiagnosticCatalog.HookSettingInvalid.Code, outcome.Line, StringComparison.Ordinal);
        Assert.Contains("CPUPOLICY_MODE", outcome.Line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_profile_compiled_without_a_libvirt_target_takes_the_error_path()
    {
        var json = HookPolicy.BundleJson();
        foreach (var profile in json["profiles"]!.AsArray())
        {
            profile!["artifacts"]!.AsObject().Remove("libvirt");
        }

        using var noLibvirt = new HookSandbox(json.ToJsonString());
        var outcome = noLibvirt.Set(HookConfig.OnErrorVariable, "refuse").Libvirt("web-01", "prepare", HookPolicy.Domain("web-01", HookPolicy.CpuElement("safe")));
        Assert.Equal(HookExitCodes.LibvirtRefuseError, outcome.ExitCode);
        Assert.Contains(DiagnosticCatalog.ProfileLacksArtifact.Code, outcome.Line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_vm_name_with_control_characters_cannot_forge_a_second_log_line()
    {
        var outcome = sandbox.Libvirt("evil\nname: start allowed", "prepare", HookPolicy.Domain("x", null));
        Assert.DoesNotContain('\n', outcome.Line!);
        Assert.Contains("evil?name", outcome.Line, StringComparison.Ordinal);
    }

    [Fact]
    public void The_decision_goes_to_stderr_and_as_one_datagram_to_the_syslog_socket()
    {
        var socketPath = Path.Combine(sandbox.Dir, "log.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        sandbox.Set(HookLog.SocketVariable, socketPath);
        var stderr = new StringWriter();
        var stdout = new MemoryStream();
        var code = HookProcess.RunLibvirt("web-01", "prepare", "begin",
            () => new MemoryStream(Encoding.UTF8.GetBytes(HookPolicy.Domain("web-01", HookPolicy.BrokenCpu("safe")))), stdout, stderr, sandbox.Env);
        Assert.Equal(HookExitCodes.LibvirtRefuseViolation, code);
        var lines = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("cpupolicy: VM `web-01`: start refused", lines[0], StringComparison.Ordinal);
        var buffer = new byte[4096];
        listener.ReceiveTimeout = 5000;
        var n = listener.Receive(buffer);
        var datagram = Encoding.UTF8.GetString(buffer, 0, n);
        Assert.Matches(@"^<27>cpupolicy\[[0-9]+\]: VM `web-01`: start refused", datagram);
        Assert.Equal(0, stdout.Length);
    }

    [Fact]
    public void A_missing_syslog_socket_does_not_fail_the_hook()
    {
        sandbox.Set(HookLog.SocketVariable, Path.Combine(sandbox.Dir, "no-such.sock"));
        var stderr = new StringWriter();
        var code = HookProcess.RunLibvirt("web-01", "prepare", "begin",
            () => new MemoryStream(Encoding.UTF8.GetBytes(HookPolicy.Domain("web-01", HookPolicy.CpuElement("safe")))), new MemoryStream(), stderr, sandbox.Env);
        Assert.Equal(0, code);
        Assert.Contains("start allowed", stderr.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => sandbox.Dispose();
}
