using System.Text.RegularExpressions;

namespace Cpupolicy.Tests.Hostile;

/// <summary>
/// Inputs that are not files at all or not what the argument means: an endless device, a directory, an output path
/// that is a file, hostile host files reached through a policy, and hostile arguments to the database commands.
/// Same contract: exit 1 or 2, no stack trace, a message naming what is wrong, within the hang guard.
/// </summary>
public sealed partial class OddInputTests : IDisposable
{
    private readonly HostileWorkspace ws = new();

    [Theory]
    [InlineData("host", "/dev/zero")]
    [InlineData("check", "/dev/zero")]
    [InlineData("fmt", "/dev/zero")]
    [InlineData("host", "/tmp")]
    [InlineData("check", "/tmp")]
    [InlineData("audit", "/dev/zero")]
    public void A_device_or_directory_given_as_a_file_is_rejected(string command, string path)
    {
        var run = ws.Run(command, path);
        HostileAssert.Rejected(run, path);
    }

    [Fact]
    public void An_endless_device_as_a_vm_definition_or_bundle_is_rejected()
    {
        File.WriteAllText(ws.PathOf("domain.xml"), HostileWorkspace.Domain);
        File.WriteAllText(ws.PathOf("vm.cfg"), HostileWorkspace.XlConfig);
        HostileAssert.Rejected(ws.Run("apply", "libvirt", "/dev/zero", "--bundle", ws.BundlePath), "/dev/zero");
        HostileAssert.Rejected(ws.Run("apply", "xl", "/dev/zero", "--bundle", ws.BundlePath, "--stdout"), "/dev/zero");
        HostileAssert.Rejected(ws.Run("apply", "libvirt", ws.PathOf("domain.xml"), "--bundle", "/dev/zero"), "/dev/zero");
        HostileAssert.Rejected(ws.Run("migrate", "--vm", "/dev/zero", "--to", ws.PathOf("hosts/x86_64-cpuid-Core-i7-3770.xml")), "/dev/zero");
        var hook = ws.Run(new Dictionary<string, string> { ["CPUPOLICY_BUNDLE"] = "/dev/zero", ["CPUPOLICY_ON_ERROR"] = "refuse" }, System.Text.Encoding.UTF8.GetBytes(HostileWorkspace.Domain), "hook", "libvirt", "web-1", "prepare", "begin", "-");
        HostileAssert.Rejected(hook, "/dev/zero");
    }

    [Theory]
    [InlineData("/dev/zero")]
    [InlineData("hostile-deep.xml")]
    [InlineData("hostile-laughs.xml")]
    [InlineData("hostile-xxe.xml")]
    public void A_policy_naming_a_hostile_host_file_is_rejected_naming_that_file(string hostFile)
    {
        File.WriteAllText(ws.PathOf("hostile-deep.xml"), HostileFiles.DeepXml("capabilities", 100_000));
        File.WriteAllText(ws.PathOf("hostile-laughs.xml"), HostileFiles.BillionLaughs("capabilities"));
        File.WriteAllText(ws.PathOf("hostile-xxe.xml"), HostileFiles.ExternalEntity("cpu"));
        File.WriteAllText(ws.PathOf("p.cpupolicy"), $"host h from \"{hostFile}\"\nprofile p = h\ndefault uses p\n");

        foreach (var args in new[] { new[] { "check", ws.PathOf("p.cpupolicy") }, ["compile", ws.PathOf("p.cpupolicy"), "--out", ws.PathOf("out")] })
        {
            var run = ws.Run(args);
            HostileAssert.Rejected(run, hostFile);
            Assert.DoesNotMatch(PasswdLine(), run.StdoutText + run.Stderr);
            HostileAssert.NoOutput(ws.PathOf("out"));
        }
    }

    [Theory]
    [InlineData("profile p = {NAME}\ndefault uses p\n")]
    [InlineData("host h is NAME\nprofile p = h\ndefault uses p\n")]
    public void A_megabytes_long_unknown_name_gets_its_diagnostic_in_bounded_time(string template)
    {
        // "Did you mean" hints compare the unknown name with every known one; that must not be quadratic in its length.
        var name = "addr-msk-" + new string('x', 8 * 1024 * 1024);
        File.WriteAllText(ws.PathOf("long-name.cpupolicy"), template.Replace("NAME", name, StringComparison.Ordinal));
        var run = ws.Run("check", ws.PathOf("long-name.cpupolicy"));
        HostileAssert.Rejected(run, "long-name.cpupolicy");
    }

    [Fact]
    public void Compile_into_an_output_path_that_is_a_file_fails_cleanly()
    {
        File.WriteAllText(ws.PathOf("not-a-dir"), "x");
        var run = ws.Run("compile", ws.PathOf("valid.cpupolicy"), "--out", ws.PathOf("not-a-dir"));
        HostileAssert.Rejected(run, "not-a-dir");
        HostileAssert.NoTempFiles(ws.Dir);
    }

    [Theory]
    [InlineData("features", "--model")]
    [InlineData("models", "--no-such-option")]
    public void Database_commands_reject_hostile_arguments(string command, string option)
    {
        foreach (var value in new[] { new string('A', 100_000), "\u202e\u0000evil", "../../etc/passwd", "-", "((((" })
        {
            var run = ws.Run(command, option, value.Replace("\u0000", string.Empty, StringComparison.Ordinal));
            HostileAssert.Bounded(run);
            Assert.True(run.ExitCode is 1 or 2, run.ToString());
            HostileAssert.NoStackTrace(run);
        }
    }

    public void Dispose() => ws.Dispose();

    [GeneratedRegex(@"root:[x*]?:0:0:")]
    private static partial Regex PasswdLine();
}
