using Cpupolicy.Core.IO;
using System.Diagnostics;
using System.Text;
using Cpupolicy.Hooks;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Tests.Hostile;
using Cpupolicy.Tests.Infrastructure;

namespace Cpupolicy.Tests.Hooks;

/// <summary>
/// Hostile and broken inputs to the libvirt hook, one test per case, each under both failure modes: the hook ends
/// within a time bound with ONE log line naming the problem, exit 0 under on-error allow and 1 under refuse, and
/// never prints XML (a migrate filter that printed half a document would be worse than no hook). Memory is bounded
/// by never reading more than the stdin cap (<see cref="NeverEndingStream.BytesServed"/>); the out-of-process
/// cases at the end check the real process's peak memory too.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    private readonly HookSandbox sandbox = new();

    /// <summary>Entity expansion to a billion "lol"s inside an otherwise well-formed domain.</summary>
    public static string BillionLaughs { get; } = HostileFiles.BillionLaughs("domain");

    public static string ExternalEntity { get; } = """
        <?xml version="1.0"?>
        <!DOCTYPE domain [
          <!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd">
          <!ENTITY passwd SYSTEM "file:///etc/passwd">
          %remote;
        ]>
        <domain type='qemu'><name>web-01</name><description>&passwd;</description></domain>
        """;

    [Theory]
    [InlineData("allow")]
    [InlineData("refuse")]
    public void Billion_laughs(string onError) =>
        AssertFailureMode(onError, () => Utf8(BillionLaughs), DiagnosticCatalog.DomainXmlRejected, "DTD");

    [Theory]
    [InlineData("allow")]
    [InlineData("refuse")]
    public void External_entities(string onError) =>
        AssertFailureMode(onError, () => Utf8(ExternalEntity), DiagnosticCatalog.DomainXmlRejected, "DTD");

    [Theory]
    [InlineData("allow")]
    [InlineData("refuse")]
    public void A_50_MB_document(string onError)
    {
        var document = FiftyMegabyteDomain();
        AssertFailureMode(onError, () => new MemoryStream(document), DiagnosticCatalog.HookInputUnbounded, "larger than 16 MiB");
    }

    [Theory]
    [InlineData("allow")]
    [InlineData("refuse")]
    public void Endless_input_is_read_only_up_to_the_cap(string onError)
    {
        NeverEndingStream? last = null;
        AssertFailureMode(onError, () => last = new NeverEndingStream(Utf8Bytes("<domain><name>web-01</name><description>"), stall: false), DiagnosticCatalog.HookInputUnbounded, "larger than");
        Assert.InRange(last!.BytesServed, BoundedInput.MaxBytes, BoundedInput.MaxBytes + (1 << 20));
    }

    [Theory]
    [InlineData("allow")]
    [InlineData("refuse")]
    public void Input_that_never_ends_is_given_up_on_after_the_time_bound(string onError)
    {
        sandbox.Set(BoundedInput.TimeoutVariable, "1");
        AssertFailureMode(onError, () => new NeverEndingStream(Utf8Bytes("<domain><name>web-01</name>"), stall: true), DiagnosticCatalog.HookInputUnbounded, "did not end within 1 s");
    }

    [Theory]
    [InlineData("allow")]
    [InlineData("refuse")]
    public void Truncated_xml(string onError)
    {
        var whole = HookPolicy.Domain("web-01", HookPolicy.CpuElement("safe"));
        AssertFailureMode(onError, () => Utf8(whole[..(whole.Length * 2 / 3)]), DiagnosticCatalog.DomainXmlRejected, "not well-formed");
    }

    [Theory]
    [InlineData("allow")]
    [InlineData("refuse")]
    public void Binary_garbage(string onError)
    {
        var garbage = new byte[64 * 1024];
        new Random(20261122).NextBytes(garbage);
        AssertFailureMode(onError, () => new MemoryStream(garbage), DiagnosticCatalog.DomainXmlRejected, string.Empty);
    }

    [Theory]
    [InlineData("allow")]
    [InlineData("refuse")]
    public void Utf16_text(string onError) =>
        AssertFailureMode(onError, () => new MemoryStream(Encoding.Unicode.GetBytes(HookPolicy.Domain("web-01", null))), DiagnosticCatalog.DomainXmlRejected, "NUL bytes");

    [Theory]
    [InlineData("allow")]
    [InlineData("refuse")]
    public void Empty_input(string onError) =>
        AssertFailureMode(onError, () => new MemoryStream(), DiagnosticCatalog.DomainXmlRejected, "empty");

    [Theory]
    [InlineData("allow")]
    [InlineData("refuse")]
    public void Deeply_nested_xml(string onError)
    {
        var depth = 200_000;
        var text = "<domain><name>web-01</name>" + string.Concat(Enumerable.Repeat("<a>", depth)) + string.Concat(Enumerable.Repeat("</a>", depth)) + "</domain>";
        AssertFailureMode(onError, () => Utf8(text), DiagnosticCatalog.DomainXmlRejected, "nested more than");
    }

    [Theory]
    [InlineData("allow")]
    [InlineData("refuse")]
    public void Two_cpu_elements(string onError) =>
        AssertFailureMode(onError, () => Utf8(HookPolicy.Domain("web-01", "<cpu mode='host-model'/>\n  <cpu mode='host-passthrough'/>")), DiagnosticCatalog.DomainXmlRejected, "2 <cpu>");

    [Theory]
    [InlineData("allow")]
    [InlineData("refuse")]
    public void A_root_that_is_not_a_domain(string onError) =>
        AssertFailureMode(onError, () => Utf8("<network><name>web-01</name><cpu/></network>"), DiagnosticCatalog.DomainXmlRejected, "<network>");

    [Theory]
    [InlineData("allow")]
    [InlineData("refuse")]
    public void A_missing_bundle(string onError)
    {
        sandbox.Set(HookConfig.BundleVariable, Path.Combine(sandbox.Dir, "no-such-bundle.json"));
        AssertFailureMode(onError, () => Utf8(HookPolicy.Domain("web-01", HookPolicy.CpuElement("safe"))), DiagnosticCatalog.BundleMissing, "does not exist");
    }

    [Theory]
    [InlineData("allow", "{ \"format\": \"cpupolicy-bundle\", \"version\": 1, \"profiles\": [")]
    [InlineData("refuse", "{ \"format\": \"cpupolicy-bundle\", \"version\": 1, \"profiles\": [")]
    [InlineData("allow", "{ \"format\": \"something-else\" }")]
    [InlineData("refuse", "{ \"format\": \"cpupolicy-bundle\", \"version\": 99 }")]
    [InlineData("allow", "\u0000\u0001binary")]
    [InlineData("refuse", "nested")]
    public void A_corrupt_bundle(string onError, string content)
    {
        // "nested" stands for a JSON depth bomb, too long to write inline.
        var text = content == "nested" ? new string('[', 100_000) + new string(']', 100_000) : content;
        File.WriteAllText(sandbox.BundlePath, text);
        AssertFailureMode(onError, () => Utf8(HookPolicy.Domain("web-01", HookPolicy.CpuElement("safe"))), DiagnosticCatalog.BundleCorrupt, "bundle");
    }

    [Theory]
    [InlineData("allow")]
    [InlineData("refuse")]
    public void A_bundle_whose_rule_names_a_missing_profile(string onError)
    {
        var json = HookPolicy.BundleJson();
        json["vms"]!.AsArray()[0]!["profile"] = "gone";
        File.WriteAllText(sandbox.BundlePath, json.ToJsonString());
        AssertFailureMode(onError, () => Utf8(HookPolicy.Domain("web-01", HookPolicy.CpuElement("safe"))), DiagnosticCatalog.BundleCorrupt, "`gone`");
    }

    [Theory]
    [InlineData("allow")]
    [InlineData("refuse")]
    public void A_vm_the_policy_does_not_name_is_left_alone(string onError)
    {
        sandbox.Set(HookConfig.OnErrorVariable, onError);
        foreach (var operation in new[] { "prepare", "migrate", "restore" })
        {
            var outcome = new LibvirtHook(sandbox.Env).Run("mail-01", operation, "begin", Utf8(HookPolicy.Domain("mail-01", "<cpu mode='host-passthrough'/>")));
            Assert.Equal(HookExitCodes.Allow, outcome.ExitCode);
            Assert.Null(outcome.Output);
            Assert.Contains("not managed", outcome.Line, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("allow")]
    [InlineData("refuse")]
    public void A_cpu_naming_a_model_this_release_does_not_know(string onError) =>
        AssertFailureMode(onError, () => Utf8(HookPolicy.Domain("web-01", "<cpu mode='custom'><model>Pentium-9000</model></cpu>")), DiagnosticCatalog.VmCpuUnreadable, "Pentium-9000", operations: ["prepare"]);

    [Theory]
    [InlineData("allow", 0)]
    [InlineData("refuse", HookExitCodes.LibvirtRefuseError)]
    public void The_real_process_with_a_50_MB_document_ends_in_bounded_time_and_memory(string onError, int exitCode)
    {
        var env = new Dictionary<string, string?>(sandbox.Variables) { [HookConfig.OnErrorVariable] = onError };
        var document = FiftyMegabyteDomain();
        var result = ChildProcess.Cpupolicy(env, ChildProcess.Bytes(document), Bound, "hook", "libvirt", "--", "web-01", "migrate", "begin", "-");
        Assert.Equal(exitCode, result.ExitCode);
        Assert.Empty(result.Stdout);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(DiagnosticCatalog.HookInputUnbounded.Code, result.Stderr, StringComparison.Ordinal);
        Assert.True(result.Elapsed < Bound, $"took {result.Elapsed}");

        // The runtime itself takes ~30-60 MiB; the 16 MiB cap keeps the rest small however large the input.
        Assert.InRange(result.PeakKiB, 0, 160 * 1024);
    }

    [Theory]
    [InlineData("allow", 0)]
    [InlineData("refuse", HookExitCodes.LibvirtRefuseError)]
    public void The_real_process_with_stdin_that_never_closes_ends_after_the_time_bound(string onError, int exitCode)
    {
        var env = new Dictionary<string, string?>(sandbox.Variables) { [HookConfig.OnErrorVariable] = onError, [BoundedInput.TimeoutVariable] = "2" };
        var result = ChildProcess.Cpupolicy(env, async s =>
        {
            await s.WriteAsync(Utf8Bytes("<domain><name>web-01</name>"));
            await s.FlushAsync();
            await Task.Delay(TimeSpan.FromSeconds(20));
        }, Bound, "hook", "libvirt", "--", "web-01", "prepare", "begin", "-");
        Assert.Equal(exitCode, result.ExitCode);
        Assert.Contains("did not end within 2 s", result.Stderr, StringComparison.Ordinal);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(12), $"took {result.Elapsed}");
    }

    public void Dispose() => sandbox.Dispose();

    private static byte[] FiftyMegabyteDomain()
    {
        var head = Utf8Bytes("<domain type='qemu'><name>web-01</name><description>");
        var tail = Utf8Bytes("</description><cpu mode='host-model'/></domain>");
        var document = new byte[50 * 1024 * 1024];
        Array.Fill(document, (byte)'x');
        head.CopyTo(document, 0);
        tail.CopyTo(document, document.Length - tail.Length);
        return document;
    }

    private static MemoryStream Utf8(string text) => new(Utf8Bytes(text));

    private static byte[] Utf8Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private void AssertFailureMode(string onError, Func<Stream> input, DiagnosticDescriptor code, string detail, string vm = "web-01", string[]? operations = null)
    {
        sandbox.Set(HookConfig.OnErrorVariable, onError);
        foreach (var operation in operations ?? ["prepare", "migrate"])
        {
            var watch = Stopwatch.StartNew();
            var outcome = new LibvirtHook(sandbox.Env).Run(vm, operation, "begin", input());
            Assert.True(watch.Elapsed < Bound, $"{operation} took {watch.Elapsed}");
            Assert.Equal(onError == "allow" ? 0 : HookExitCodes.LibvirtRefuseError, outcome.ExitCode);
            Assert.Null(outcome.Output);
            var line = outcome.Line!;
            Assert.DoesNotContain('\n', line);
            Assert.Contains(code.Code, line, StringComparison.Ordinal);
            Assert.Contains(detail, line, StringComparison.Ordinal);
            Assert.EndsWith(onError == "allow" ? "(on error: allow)" : "(on error: refuse)", line, StringComparison.Ordinal);
        }
    }
}
