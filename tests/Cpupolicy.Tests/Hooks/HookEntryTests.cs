using Cpupolicy.Core.IO;
using Cpupolicy.Hooks;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Hooks;

/// <summary>
/// <c>cpupolicy-hook</c> (hooks/Cpupolicy.Hook, the fast-starting hook an installer may use instead of the CLI) is the
/// same hook as <c>cpupolicy hook</c>: for the calls libvirt and xenopsd make, both processes give the same exit code,
/// the same stdout bytes and the same log line.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")] // the stand-in xe is a shell script
public sealed class HookEntryTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static string EntryDll => Path.Combine(AppContext.BaseDirectory, "cpupolicy-hook.dll");

    private readonly HookSandbox sandbox = new();

    public static TheoryData<string, string, string> LibvirtCalls => new()
    {
        { "web-01", "prepare", HookPolicy.Domain("web-01", HookPolicy.CpuElement("safe")) },
        { "web-01", "prepare", HookPolicy.Domain("web-01", HookPolicy.BrokenCpu("safe")) },
        { "web-01", "migrate", HookPolicy.Domain("web-01", "<cpu mode='host-passthrough'/>") },
        { "db-01", "restore", HookPolicy.Domain("db-01", null) },
        { "nobody", "prepare", HookPolicy.Domain("nobody", null) },
        { "web-01", "prepare", "<domain><name>web-01</name><cpu>" },
        { "web-01", "release", "never read" },
    };

    [Theory]
    [MemberData(nameof(LibvirtCalls))]
    public void The_libvirt_hook_behaves_like_the_cli(string name, string operation, string xml)
    {
        foreach (var mode in new[] { "enforce", "advise" })
        {
            sandbox.Set(HookConfig.ModeVariable, mode);
            string[] args = ["hook", "libvirt", "--", name, operation, "begin", "-"];
            var cli = ChildProcess.Cpupolicy(Env(), ChildProcess.Text(xml), Deadline, args);
            var entry = ChildProcess.Run(ChildProcess.Dotnet, [EntryDll, .. args], Env(), ChildProcess.Text(xml), Deadline);
            Assert.True(cli.ExitCode == entry.ExitCode, $"{mode}: cli exit {cli.ExitCode}, entry exit {entry.ExitCode}: {entry.Stderr}");
            Assert.Equal(cli.Stdout, entry.Stdout);
            Assert.Equal(cli.Stderr, entry.Stderr);
        }
    }

    [Fact]
    public void The_xapi_hook_behaves_like_the_cli()
    {
        const string Good = "aaaaaaaa-1111-2222-3333-000000000001";
        const string Bad = "bbbbbbbb-1111-2222-3333-000000000002";
        var xe = new FakeXe(sandbox.Dir,
            (Good, "web-01", "halted", XapiFeaturesetChecker.FeaturesetOf(HookPolicy.Artifact("safe", "xapi"), "safe")),
            (Bad, "web-02", "halted", XapiFeaturesetChecker.FeaturesetOf(HookPolicy.Artifact("small", "xapi"), "small")));
        sandbox.Set(XeClient.ProgramVariable, xe.Program);
        foreach (var uuid in new[] { Good, Bad })
        {
            string[] args = ["hook", "xapi", "-vmuuid", uuid, "-reason", "none", "-vmdomid", "7"];
            var cli = ChildProcess.Cpupolicy(Env(), null, Deadline, args);
            var entry = ChildProcess.Run(ChildProcess.Dotnet, [EntryDll, .. args], Env(), null, Deadline);
            Assert.True(cli.ExitCode == entry.ExitCode, $"{uuid}: cli exit {cli.ExitCode}, entry exit {entry.ExitCode}: {entry.Stderr}");
            Assert.Equal(cli.Stdout, entry.Stdout);
            Assert.Equal(cli.Stderr, entry.Stderr);
        }
    }

    [Fact]
    public void Both_entries_name_the_same_bundle_version_and_refuse_the_same_untrusted_bundle()
    {
        var cli = ChildProcess.Cpupolicy(Env(), null, Deadline, "hook", "bundle-version");
        var entry = ChildProcess.Run(ChildProcess.Dotnet, [EntryDll, "hook", "bundle-version"], Env(), null, Deadline);
        Assert.Equal((0, $"{HookProcess.BundleVersion}\n"), (cli.ExitCode, cli.StdoutText));
        Assert.Equal((0, cli.StdoutText), (entry.ExitCode, entry.StdoutText));

        File.SetUnixFileMode(sandbox.BundlePath, (UnixFileMode)0b110_110_110);
        string[] args = ["hook", "libvirt", "web-01", "prepare", "begin", "-"];
        var xml = HookPolicy.Domain("web-01", HookPolicy.CpuElement("safe"));
        var fromCli = ChildProcess.Cpupolicy(Env(), ChildProcess.Text(xml), Deadline, args);
        var fromEntry = ChildProcess.Run(ChildProcess.Dotnet, [EntryDll, .. args], Env(), ChildProcess.Text(xml), Deadline);
        Assert.Contains(Cpupolicy.Core.Diagnostics.DiagnosticCatalog.BundleUntrusted.Code, fromCli.Stderr, StringComparison.Ordinal);
        Assert.Equal((fromCli.ExitCode, fromCli.Stderr), (fromEntry.ExitCode, fromEntry.Stderr));
    }

    [Fact]
    public void Other_arguments_get_a_usage_line_and_exit_2()
    {
        var result = ChildProcess.Run(ChildProcess.Dotnet, [EntryDll, "compile", "x.cpupolicy"], Env(), null, Deadline);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("usage: cpupolicy-hook hook libvirt", result.Stderr, StringComparison.Ordinal);
    }

    // cpupolicy-hook reads fd 0 with poll(2) on its own thread, the CLI through Console on a reader thread
    // (BoundedInput): the time bound and the size cap must give the same answer either way.
    [Fact]
    public void Stdin_that_never_closes_ends_after_the_time_bound_as_in_the_cli()
    {
        sandbox.Set(BoundedInput.TimeoutVariable, "1");
        string[] args = ["hook", "libvirt", "--", "web-01", "prepare", "begin", "-"];
        static async Task Stall(Stream s)
        {
            await s.WriteAsync("<domain><name>web-01</name>"u8.ToArray());
            await s.FlushAsync();
            await Task.Delay(TimeSpan.FromSeconds(15));
        }

        var cli = ChildProcess.Cpupolicy(Env(), Stall, Deadline, args);
        var entry = ChildProcess.Run(ChildProcess.Dotnet, [EntryDll, .. args], Env(), Stall, Deadline);
        Assert.Contains("did not end within 1 s", entry.Stderr, StringComparison.Ordinal);
        Assert.True(entry.Elapsed < TimeSpan.FromSeconds(10), $"took {entry.Elapsed}");
        Assert.Equal(cli.ExitCode, entry.ExitCode);
        Assert.Equal(cli.Stderr, entry.Stderr);
    }

    [Fact]
    public void Stdin_over_the_size_cap_is_refused_as_in_the_cli()
    {
        var big = new byte[BoundedInput.MaxBytes + (1024 * 1024)];
        Array.Fill(big, (byte)' ');
        string[] args = ["hook", "libvirt", "--", "web-01", "prepare", "begin", "-"];
        var cli = ChildProcess.Cpupolicy(Env(), ChildProcess.Bytes(big), Deadline, args);
        var entry = ChildProcess.Run(ChildProcess.Dotnet, [EntryDll, .. args], Env(), ChildProcess.Bytes(big), Deadline);
        Assert.Contains("larger than 16 MiB", entry.Stderr, StringComparison.Ordinal);
        Assert.Equal(cli.ExitCode, entry.ExitCode);
        Assert.Equal(cli.Stderr, entry.Stderr);
    }

    [Fact]
    public void Version_prints_the_version_line_of_the_cli()
    {
        var entry = ChildProcess.Run(ChildProcess.Dotnet, [EntryDll, "--version"], Env(), null, Deadline);
        var cli = ChildProcess.Cpupolicy(Env(), null, Deadline, "--version");
        Assert.Equal(0, entry.ExitCode);
        Assert.Equal(cli.Stdout, entry.Stdout);
    }

    public void Dispose() => sandbox.Dispose();

    private Dictionary<string, string?> Env() => new(sandbox.Variables);
}
