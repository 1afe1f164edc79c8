using Cpupolicy.Core.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Cpupolicy.Compiler.PolicyTests;

/// <summary>
/// A policy's test file: <c>NAME.test.yaml</c> beside <c>NAME.cpupolicy</c>, a YAML mapping whose <c>tests</c> is a
/// list of entries; each entry is one assertion, its kind told by its keys (docs/cli.md, "cpupolicy test"). YAML
/// rather than new policy syntax so that tests stay outside the language the hooks and backends must understand.
/// </summary>
public sealed record PolicyTestFile(string Path, IReadOnlyList<PolicyAssertion> Assertions, IReadOnlyList<Diagnostic> Diagnostics)
{
    public const string Suffix = ".test.yaml";

    /// <summary>The test file beside a policy: <c>dir/NAME.cpupolicy</c> → <c>dir/NAME.test.yaml</c>.</summary>
    public static string BesidePolicy(string policyPath) => System.IO.Path.ChangeExtension(policyPath, null) + Suffix;

    /// <summary>The policy a test file belongs to: <c>dir/NAME.test.yaml</c> → <c>dir/NAME.cpupolicy</c>.</summary>
    public static string PolicyOf(string testPath) => testPath[..^Suffix.Length] + ".cpupolicy";

    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    public static PolicyTestFile Parse(string text, string path)
    {
        var diagnostics = new List<Diagnostic>();
        var assertions = new List<PolicyAssertion>();
        var stream = new YamlStream();
        try
        {
            if (TooDeep(text) is { } deep)
            {
                diagnostics.Add(DiagnosticCatalog.PolicyTestMalformed.Create(
                    SourceSpan.At(path, (int)deep.Line, (int)deep.Column),
                    $"`{path}` nests more than {MaxDepth} levels deep",
                    "a test file is a list of flat entries; is this the right file?"));
                return new PolicyTestFile(path, assertions, diagnostics);
            }

            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            diagnostics.Add(DiagnosticCatalog.PolicyTestMalformed.Create(
                SourceSpan.At(path, (int)e.Start.Line, (int)e.Start.Column),
                $"`{path}` is not valid YAML: {e.Message}",
                "a test file is a YAML mapping with a `tests:` list (docs/cli.md, \"cpupolicy test\")"));
            return new PolicyTestFile(path, assertions, diagnostics);
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("tests"), out var testsNode) || testsNode is not YamlSequenceNode tests)
        {
            diagnostics.Add(DiagnosticCatalog.PolicyTestMalformed.Create(
                SourceSpan.At(path, 1, 1),
                $"`{path}` has no `tests:` list",
                "start the file with `tests:` followed by `- name: ...` entries"));
            return new PolicyTestFile(path, assertions, diagnostics);
        }

        var index = 0;
        foreach (var entry in tests.Children)
        {
            index++;
            if (ReadEntry(entry, path, index, diagnostics) is { } assertion)
            {
                assertions.Add(assertion);
            }
        }

        return new PolicyTestFile(path, assertions, diagnostics);
    }

    private static PolicyAssertion? ReadEntry(YamlNode node, string path, int index, List<Diagnostic> diagnostics)
    {
        var span = At(path, node);
        if (node is not YamlMappingNode map)
        {
            diagnostics.Add(DiagnosticCatalog.PolicyTestMalformed.Create(span, $"test #{index} is not a mapping", "write each test as `- name: ...` with its keys below"));
            return null;
        }

        var values = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (key, value) in map.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? string.Empty;
            if (!PolicyTestKeys.All.Contains(name))
            {
                var close = Core.Database.NameSuggester.Suggest(name, PolicyTestKeys.All);
                diagnostics.Add(DiagnosticCatalog.PolicyTestUnknownKey.Create(
                    At(path, key), $"test #{index}: unknown key `{name}`",
                    Core.Database.NameSuggester.DidYouMean(close) ?? $"the keys are {string.Join(", ", PolicyTestKeys.All.Select(k => $"`{k}`"))}"));
                return null;
            }

            values[name] = value;
        }

        var title = Scalar(values, PolicyTestKeys.Name) ?? $"test #{index}";
        if (Scalar(values, PolicyTestKeys.Vms) is { } glob)
        {
            var pool = Scalar(values, PolicyTestKeys.MigrateToPool);
            var host = Scalar(values, PolicyTestKeys.MigrateTo);
            var expect = Scalar(values, PolicyTestKeys.Expect) ?? "compatible";
            if ((pool is null) == (host is null) || expect is not ("compatible" or "incompatible"))
            {
                diagnostics.Add(DiagnosticCatalog.PolicyTestMalformed.Create(span,
                    $"test `{title}`: `vms:` needs exactly one of `migrate-to-pool:` and `migrate-to:`, and `expect:` is `compatible` or `incompatible`",
                    "e.g. `vms: \"web-*\"` with `migrate-to-pool: homelab`"));
                return null;
            }

            return new MigrateAssertion(title, span, glob, pool ?? host!, pool is not null, expect == "compatible");
        }

        if (Scalar(values, PolicyTestKeys.AddHost) is { } inventory)
        {
            var unchanged = List(values, PolicyTestKeys.Unchanged);
            if (unchanged.Count == 0)
            {
                diagnostics.Add(DiagnosticCatalog.PolicyTestMalformed.Create(span,
                    $"test `{title}`: `add-host:` needs `unchanged:`, the profiles the new host must leave as they are",
                    "e.g. `unchanged: [pool-baseline]`"));
                return null;
            }

            var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) ?? ".";
            var full = System.IO.Path.IsPathRooted(inventory) ? inventory : System.IO.Path.Combine(dir, inventory);
            var hostName = Scalar(values, PolicyTestKeys.AddHostName) ?? "added-host";
            return new HostAdditionAssertion(title, span, hostName, full, List(values, PolicyTestKeys.IntoPool), unchanged);
        }

        if (Scalar(values, PolicyTestKeys.Profile) is { } profile)
        {
            var keeps = List(values, PolicyTestKeys.Keeps);
            var lacks = List(values, PolicyTestKeys.Lacks);
            if (keeps.Count + lacks.Count == 0)
            {
                diagnostics.Add(DiagnosticCatalog.PolicyTestMalformed.Create(span,
                    $"test `{title}`: `profile: {profile}` needs `keeps:` or `lacks:`",
                    "e.g. `keeps: [avx2]` or `lacks: [tsx-ctrl]`"));
                return null;
            }

            return new ProfileFeaturesAssertion(title, span, profile, keeps, lacks);
        }

        diagnostics.Add(DiagnosticCatalog.PolicyTestMalformed.Create(span,
            $"test `{title}` asserts nothing",
            "give `vms:` (with `migrate-to-pool:` or `migrate-to:`), `profile:` (with `keeps:`/`lacks:`) or `add-host:` (with `unchanged:`)"));
        return null;
    }

    /// <summary>How deep a test file may nest: its entries need three levels; YamlStream builds its tree recursively.</summary>
    public const int MaxDepth = 16;

    /// <summary>Where the event stream first nests deeper than <see cref="MaxDepth"/>, or null; read without recursion.</summary>
    private static Mark? TooDeep(string text)
    {
        var parser = new Parser(new StringReader(text));
        var depth = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case YamlDotNet.Core.Events.MappingStart or YamlDotNet.Core.Events.SequenceStart when ++depth > MaxDepth:
                    return parser.Current.Start;
                case YamlDotNet.Core.Events.MappingEnd or YamlDotNet.Core.Events.SequenceEnd:
                    depth--;
                    break;
            }
        }

        return null;
    }

    private static string? Scalar(Dictionary<string, YamlNode> values, string key) =>
        values.TryGetValue(key, out var node) && node is YamlScalarNode { Value: { Length: > 0 } v } ? v : null;

    /// <summary>A list key: a YAML sequence of scalars, or one scalar.</summary>
    private static IReadOnlyList<string> List(Dictionary<string, YamlNode> values, string key) => !values.TryGetValue(key, out var node)
        ? []
        : node switch
        {
            YamlSequenceNode seq => seq.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? string.Empty).Where(s => s.Length > 0).ToList(),
            YamlScalarNode { Value: { Length: > 0 } v } => [v],
            _ => [],
        };

    private static SourceSpan At(string path, YamlNode node) => SourceSpan.At(path, (int)node.Start.Line, (int)node.Start.Column);
}
