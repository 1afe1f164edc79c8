using System.Text;
using Cpupolicy.Hooks;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Tests.Cli;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Hooks;

/// <summary>
/// The hook and apply commands through the real CLI: argument handling as libvirt and XAPI pass them, raw bytes on
/// stdin and stdout (a document in another encoding comes back byte for byte), and <c>cpupolicy apply libvirt</c>.
/// </summary>
public sealed class HookCliTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly HookSandbox sandbox = new();

    [Fact]
    public void A_domain_name_that_looks_like_a_response_file_or_an_option_stays_a_name()
    {
        foreach (var name in new[] { "@web-01", "-web-01", "--help" })
        {
            var result = ChildProcess.Cpupolicy(Env(), ChildProcess.Text(HookPolicy.Domain("x", null)), Deadline, "hook", "libvirt", "--", name, "prepare", "begin", "-");
            Assert.True(result.ExitCode == 0, result.Stderr);
            Assert.Contains("not managed", result.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_real_process_rewrites_a_latin1_document_byte_for_byte_outside_cpu()
    {
        var head = "<?xml version='1.0' encoding='ISO-8859-1'?>\r\n<domain type='qemu'>\r\n  <name>web-01</name>\r\n  <description>caf\u00e9 \u00e0 la cr\u00e8me</description>\r\n  ";
        var tail = "\r\n  <devices/>\r\n</domain>\r\n";
        var document = Encoding.Latin1.GetBytes(head + "<cpu mode='host-model'/>" + tail);
        var result = ChildProcess.Cpupolicy(Env(), ChildProcess.Bytes(document), Deadline, "hook", "libvirt", "--", "web-01", "migrate", "begin", "-");
        Assert.True(result.ExitCode == 0, result.Stderr);
        var prefix = Encoding.Latin1.GetBytes(head);
        var suffix = Encoding.Latin1.GetBytes(tail);
        Assert.Equal(prefix, result.Stdout[..prefix.Length]);
        Assert.Equal(suffix, result.Stdout[^suffix.Length..]);
        var cpu = Encoding.ASCII.GetString(result.Stdout[prefix.Length..^suffix.Length]);
        Assert.StartsWith("<cpu mode=\"custom\"", cpu, StringComparison.Ordinal);
        Assert.Contains("\r\n    <model fallback=\"forbid\">Nehalem</model>", cpu, StringComparison.Ordinal);
    }

    [Fact]
    public void Ignored_operations_exit_zero_without_reading_stdin_or_printing()
    {
        var result = ChildProcess.Cpupolicy(Env(), async s =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30)); // never writes; the hook must not wait for it
        }, Deadline, "hook", "libvirt", "--", "web-01", "release", "end", "destroyed");
        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Equal(string.Empty, result.Stderr);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(20), $"took {result.Elapsed}");
    }

    [Fact]
    public void Apply_libvirt_prints_the_same_xml_as_the_migrate_filter()
    {
        var xml = HookPolicy.Domain("web-01", "<cpu mode='host-passthrough'/>");
        var path = sandbox.Write("web.xml", xml);
        var apply = CliRunner.Run("apply", "libvirt", path, "--bundle", sandbox.BundlePath);
        Assert.True(apply.ExitCode == 0, apply.Stderr);
        var migrate = sandbox.Libvirt("web-01", "migrate", xml);
        Assert.Equal(Encoding.UTF8.GetString(migrate.Output!), apply.Stdout);
        Assert.Contains("VM `web-01`: <cpu> set to profile `safe` (vm \"web-*\")", apply.Stderr, StringComparison.Ordinal);
        Assert.Equal(xml, File.ReadAllText(path));
    }

    [Fact]
    public void Apply_libvirt_in_place_replaces_the_file_and_reads_stdin_otherwise()
    {
        var xml = HookPolicy.Domain("db-01", null);
        var path = sandbox.Write("db.xml", xml);
        var apply = CliRunner.Run("apply", "libvirt", "--in-place", path, "--bundle", sandbox.BundlePath);
        Assert.True(apply.ExitCode == 0, apply.Stderr);
        Assert.Equal(string.Empty, apply.Stdout);
        var inserted = "  " + HookPolicy.CpuElement("small").Replace("\n", "\n  ", StringComparison.Ordinal) + "\n</domain>";
        Assert.Equal(xml.Replace("</domain>", inserted, StringComparison.Ordinal), File.ReadAllText(path));
        var fromStdin = CliRunner.RunWithStdin(xml, "apply", "libvirt", "-", "--bundle", sandbox.BundlePath);
        Assert.Equal(File.ReadAllText(path), fromStdin.Stdout);
    }

    [Fact]
    public void Apply_libvirt_with_profile_needs_no_name_and_without_either_is_an_error()
    {
        const string nameless = "<domain type='qemu'>\n  <memory>1</memory>\n</domain>\n";
        var error = CliRunner.RunWithStdin(nameless, "apply", "libvirt", "--bundle", sandbox.BundlePath);
        Assert.Equal(1, error.ExitCode);
        Assert.Contains(DiagnosticCatalog.DomainXmlRejected.Code, error.Stderr, StringComparison.Ordinal);
        var chosen = CliRunner.RunWithStdin(nameless, "apply", "libvirt", "--bundle", sandbox.BundlePath, "--profile", "small");
        Assert.True(chosen.ExitCode == 0, chosen.Stderr);
        Assert.Contains("<model fallback=\"forbid\">Opteron_G2</model>", chosen.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_libvirt_refuses_hostile_xml_and_in_place_on_stdin()
    {
        var hostile = CliRunner.RunWithStdin(HostileInputTests.BillionLaughs, "apply", "libvirt", "--bundle", sandbox.BundlePath);
        Assert.Equal(1, hostile.ExitCode);
        Assert.Contains(DiagnosticCatalog.DomainXmlRejected.Code, hostile.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, CliRunner.Run("apply", "libvirt", "--in-place", "-", "--bundle", sandbox.BundlePath).ExitCode);
    }

    public void Dispose() => sandbox.Dispose();

    private Dictionary<string, string?> Env() => new(sandbox.Variables);
}
