using Cpupolicy.Compiler.Output;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cpupolicy.Compiler;
using Cpupolicy.Compiler.Emit;
using Cpupolicy.Hooks;
using Cpupolicy.Core.Bundle;
using Cpupolicy.Core.Diagnostics;
using Cpupolicy.Core.Ir;

namespace Cpupolicy.Tests.Hooks;

/// <summary>
/// The bundle contract (version 2): each target's options are data in the bundle, so no hook reads an artifact's
/// comment to learn what the artifact is. Deleting every comment line from every artifact changes no verdict, and a
/// rewrite differs at most by the deleted comment; a version-1 bundle is refused with a clear CP0602.
/// </summary>
public sealed partial class BundleContractTests
{
    private const string Policy = """
        profile safe = model(Nehalem)
        profile small = model(qemu64)
        vm "web-*" uses safe
        vm "db*" uses small
        target libvirt
        target xapi
        """;

    // libvirt 11.3.0 and Xen 4.22.0 on purpose (not the defaults): a hook that fell back to a default release when the
    // comment is gone would judge wrongly. (The policy language cannot spell a value starting with a digit, so the
    // targets are set on the lowered policy.)
    private static readonly Lazy<string> Original = new(() =>
    {
        var result = Compilation.Compile(Policy, "contract.cpupolicy");
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        var lowered = result.Lowered! with
        {
            Targets =
            [
                new TargetOptions("libvirt", new Dictionary<string, string>(StringComparer.Ordinal) { ["release"] = "11.3.0" }),
                new TargetOptions("xapi", new Dictionary<string, string>(StringComparer.Ordinal) { ["release"] = "4.22.0" }),
            ],
        };
        result = result with { Lowered = lowered, Profiles = ArtifactEmitter.Emit(lowered) };
        Assert.Contains("libvirt 11.3.0", result.Profiles[0].Artifacts[0].Text, StringComparison.Ordinal);
        return BundleWriter.ToText(BundleBuilder.Create(result, "contract.cpupolicy", new HookSettings()));
    });

    [Fact]
    public void The_bundle_records_each_targets_resolved_options()
    {
        var bundle = BundleReader.Parse(Encoding.UTF8.GetBytes(Original.Value), "b.json");
        Assert.Equal(["libvirt", "xapi"], bundle.Targets.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("11.3.0", bundle.Target("libvirt").Values["release"]);
        Assert.Equal("4.22.0", bundle.Target("xapi").Values["release"]);
    }

    [Fact]
    public void Deleting_every_comment_line_from_the_artifacts_changes_no_hook_verdict()
    {
        var stripped = StripComments(Original.Value);
        Assert.NotEqual(Original.Value, stripped);
        Assert.DoesNotContain("cpupolicy: profile", stripped, StringComparison.Ordinal);

        using var before = new HookSandbox(Original.Value);
        using var after = new HookSandbox(stripped);
        var safeCpu = CpuElementOf(BundleReader.Parse(Encoding.UTF8.GetBytes(Original.Value), "b.json").Profiles["safe"].Artifact("libvirt")!);
        var cases = new (string Vm, string Operation, string Xml)[]
        {
            ("web-01", "prepare", HookPolicy.Domain("web-01", safeCpu)),
            ("web-01", "prepare", HookPolicy.Domain("web-01", safeCpu.Replace("</cpu>", "  <feature policy=\"disable\" name=\"sse4.2\" />\n</cpu>", StringComparison.Ordinal))),
            ("web-01", "prepare", HookPolicy.Domain("web-01", safeCpu.Replace("</cpu>", "  <feature policy=\"require\" name=\"avx\" />\n</cpu>", StringComparison.Ordinal))),
            ("db-1", "prepare", HookPolicy.Domain("db-1", safeCpu)),
            ("web-01", "prepare", HookPolicy.Domain("web-01", null)),
            ("web-01", "migrate", HookPolicy.Domain("web-01", "<cpu mode='host-passthrough'/>")),
            ("db-1", "restore", HookPolicy.Domain("db-1", null)),
        };
        foreach (var (vm, operation, xml) in cases)
        {
            var a = before.Libvirt(vm, operation, xml);
            var b = after.Libvirt(vm, operation, xml);
            Assert.Equal((a.ExitCode, a.Level), (b.ExitCode, b.Level));
            Assert.Equal(a.Line?.Replace(before.BundlePath, "B", StringComparison.Ordinal), b.Line?.Replace(after.BundlePath, "B", StringComparison.Ordinal));
            Assert.Equal(WithoutComments(Text(a.Output)), WithoutComments(Text(b.Output)));
            Assert.True(LinesOnlyRemoved(Text(a.Output), Text(b.Output)), $"{vm} {operation}: the rewrite differs by more than a comment");
        }
    }

    [Fact]
    public void Deleting_every_comment_line_changes_no_xapi_verdict()
    {
        var original = BundleReader.Parse(Encoding.UTF8.GetBytes(Original.Value), "b.json");
        var stripped = BundleReader.Parse(Encoding.UTF8.GetBytes(StripComments(Original.Value)), "b.json");
        var checker = new XapiFeaturesetChecker();
        foreach (var (profile, vmProfile) in new[] { ("safe", "safe"), ("safe", "small"), ("small", "safe"), ("small", "small") })
        {
            var vmFeatureset = XapiFeaturesetChecker.FeaturesetOf(original.Profiles[vmProfile].Artifact("xapi")!, "vm");
            var a = checker.Compare(vmFeatureset, original.Profiles[profile].Artifact("xapi")!, original.Target("xapi"), "vm");
            var b = checker.Compare(vmFeatureset, stripped.Profiles[profile].Artifact("xapi")!, stripped.Target("xapi"), "vm");
            Assert.Equal((a.Matches, string.Join(",", a.Extra), string.Join(",", a.Missing)), (b.Matches, string.Join(",", b.Extra), string.Join(",", b.Missing)));
        }
    }

    [Fact]
    public void A_version_1_bundle_is_refused_with_a_diagnostic_that_says_to_recompile()
    {
        var json = JsonNode.Parse(Original.Value)!.AsObject();
        json["version"] = 1;
        json.Remove("targets");
        var e = Assert.Throws<DiagnosticException>(() => BundleReader.Parse(Encoding.UTF8.GetBytes(json.ToJsonString()), "b.json"));
        Assert.Equal(DiagnosticCatalog.BundleCorrupt.Code, e.Diagnostic.Code);
        Assert.Contains("version 1", e.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("recompile", e.Diagnostic.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void A_version_2_bundle_of_the_wrong_shape_is_corrupt()
    {
        foreach (var edit in new Action<JsonObject>[]
        {
            j => j.Remove("targets"),
            j => j["targets"]!["libvirt"]!["release"] = 11,
            j => j["profiles"]![0]!["name"] = 1,
            j => j["profiles"]![0]!["features"]!.AsArray().Add(null),
            j => j["targets"]!.AsObject().Remove("xapi"),
            j => j["settings"] = null,
        })
        {
            var json = JsonNode.Parse(Original.Value)!.AsObject();
            edit(json);
            var e = Assert.Throws<DiagnosticException>(() => BundleReader.Parse(Encoding.UTF8.GetBytes(json.ToJsonString()), "b.json"));
            Assert.Equal(DiagnosticCatalog.BundleCorrupt.Code, e.Diagnostic.Code);
        }
    }

    /// <summary>The bundle with every comment line (<c># ...</c>, <c>&lt;!-- ... --&gt;</c>) deleted from every artifact.</summary>
    private static string StripComments(string bundle)
    {
        var json = JsonNode.Parse(bundle)!.AsObject();
        foreach (var profile in json["profiles"]!.AsArray())
        {
            var artifacts = profile!["artifacts"]!.AsObject();
            foreach (var name in artifacts.Select(a => a.Key).ToList())
            {
                artifacts[name] = WithoutComments((string)artifacts[name]!);
            }
        }

        return json.ToJsonString();
    }

    private static string WithoutComments(string text) =>
        string.Join("\n", text.Split('\n').Where(line => !CommentLine().IsMatch(line)));

    /// <summary>True when <paramref name="shorter"/> is <paramref name="longer"/> with some whole comment lines deleted.</summary>
    private static bool LinesOnlyRemoved(string longer, string shorter)
    {
        var remaining = new Queue<string>(shorter.Split('\n'));
        foreach (var line in longer.Split('\n'))
        {
            if (remaining.Count > 0 && remaining.Peek() == line)
            {
                remaining.Dequeue();
            }
            else if (!CommentLine().IsMatch(line))
            {
                return false;
            }
        }

        return remaining.Count == 0;
    }

    private static string Text(byte[]? bytes) => bytes is null ? string.Empty : Encoding.UTF8.GetString(bytes);

    private static string CpuElementOf(string artifact) =>
        artifact[artifact.IndexOf("<cpu", StringComparison.Ordinal)..(artifact.LastIndexOf("</cpu>", StringComparison.Ordinal) + "</cpu>".Length)];

    [GeneratedRegex(@"^\s*(#.*|<!--.*-->)\s*$")]
    private static partial Regex CommentLine();
}
