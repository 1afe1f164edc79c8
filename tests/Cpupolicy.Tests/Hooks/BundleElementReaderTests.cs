using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cpupolicy.Compiler;
using Cpupolicy.Compiler.Output;
using Cpupolicy.Core.Bundle;
using Cpupolicy.Tests.Infrastructure;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Cpupolicy.Tests.Hooks;

/// <summary>
/// The hook's bundle reader (<see cref="BundleElementReader"/>) and the generated deserializer of the contract
/// (<see cref="BundleJsonContext"/>) agree on every input: for bundles compiled from the bundled examples and for
/// those bundles mutated (a key removed, repeated or added, a value replaced by another JSON kind), both refuse, or
/// both give the same document.
/// </summary>
public sealed class BundleElementReaderTests
{
    private const int Cases = 2000;

    private static readonly Lazy<IReadOnlyList<string>> Bundles = new(() =>
        Directory.GetFiles(Path.Combine(RepoData.RepoRoot, "policy", "examples"), "*.cpupolicy")
            .Order(StringComparer.Ordinal)
            .Select(path =>
            {
                var result = Compilation.CompileFile(path);
                Assert.False(result.HasErrors, path);
                return BundleWriter.ToText(BundleBuilder.Create(result, Path.GetFileName(path), new HookSettings("advise", "refuse")));
            })
            .ToList());

    private static readonly JsonNode?[] Replacements =
        [null, 0, 1, 2, -1, 2.5, 4294967298L, "x", "", true, false, new JsonArray(), new JsonArray("a", null), new JsonObject(), new JsonObject { ["a"] = "b" }];

    [Fact]
    public void Every_example_bundle_reads_back_to_the_bytes_it_was_written_from()
    {
        foreach (var text in Bundles.Value)
        {
            using var document = JsonDocument.Parse(text);
            Assert.Equal(text, BundleWriter.ToText(BundleElementReader.Read(document.RootElement)));
        }
    }

    [Property(MaxTest = Cases)]
    public Property The_hook_reader_and_the_generated_deserializer_agree_on_mutated_bundles() =>
        Prop.ForAll(Mutated.ToArbitrary(), text =>
        {
            JsonDocument parsed;
            try
            {
                parsed = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 16 });
            }
            catch (JsonException)
            {
                return; // not JSON at all: BundleReader refuses it before either reader runs
            }

            using (parsed)
            {
                var generated = Outcome(() => parsed.RootElement.Deserialize(BundleJsonContext.Default.BundleDocument));
                var hook = Outcome(() => BundleElementReader.Read(parsed.RootElement));
                Assert.True(generated == hook, $"generated: {generated}\nhook reader: {hook}\n---\n{text}");
            }
        });

    /// <summary>The document written back (a canonical form), or "refused".</summary>
    private static string Outcome(Func<BundleDocument?> read)
    {
        try
        {
            return read() is { } document ? BundleWriter.ToText(document) : "null";
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return "refused";
        }
    }

    private static Gen<string> Mutated =>
        from bundle in Gen.Elements(Bundles.Value.ToArray())
        from count in Gen.Choose(1, 3)
        from edits in Gen.ArrayOf(Edit, count)
        select Apply(bundle, edits);

    /// <summary>One mutation: which node (an index into the document's nodes, taken modulo their count), what to do.</summary>
    private static Gen<(int Node, int Kind, int Value)> Edit =>
        from node in Gen.Choose(0, 10_000)
        from kind in Gen.Choose(0, 3)
        from value in Gen.Choose(0, Replacements.Length - 1)
        select (node, kind, value);

    private static string Apply(string bundle, (int Node, int Kind, int Value)[] edits)
    {
        var root = JsonNode.Parse(bundle)!;
        var duplicate = (string?)null;
        foreach (var (index, kind, value) in edits)
        {
            var nodes = Nodes(root).ToList();
            var (parent, key, _) = nodes[index % nodes.Count];
            switch (kind)
            {
                case 0 when parent is JsonObject o:
                    o.Remove(key!);
                    break;
                case 1 when parent is JsonObject o:
                    o["unknown_" + key] = 1;
                    break;
                case 2 when parent is JsonObject:
                    duplicate = key; // repeated in the text below: JsonNode cannot hold a repeated key
                    break;
                case 0 or 3 when parent is JsonArray a && a.Count > 0:
                    a[index % a.Count] = Replacements[value]?.DeepClone();
                    break;
                default:
                    if (parent is JsonObject target)
                    {
                        target[key!] = Replacements[value]?.DeepClone();
                    }

                    break;
            }
        }

        var text = root.ToJsonString();
        if (duplicate is not null)
        {
            var quoted = $"\"{duplicate}\":";
            var at = text.IndexOf(quoted, StringComparison.Ordinal);
            if (at >= 0)
            {
                text = text.Insert(at, quoted + "null,");
            }
        }

        return text;
    }

    /// <summary>Every value of the document with the object or array holding it and its key (null key in an array).</summary>
    private static IEnumerable<(JsonNode Parent, string? Key, JsonNode? Value)> Nodes(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o.ToList())
                {
                    yield return (o, key, value);
                    if (value is not null)
                    {
                        foreach (var inner in Nodes(value))
                        {
                            yield return inner;
                        }
                    }
                }

                break;
            case JsonArray a:
                foreach (var value in a.ToList())
                {
                    yield return (a, null, value);
                    if (value is not null)
                    {
                        foreach (var inner in Nodes(value))
                        {
                            yield return inner;
                        }
                    }
                }

                break;
        }
    }

    [Fact]
    public void A_repeated_key_is_refused_by_both()
    {
        var text = Bundles.Value[0].Replace("\"policy\":", "\"policy\": \"again\",\n  \"policy\":", StringComparison.Ordinal);
        using var document = JsonDocument.Parse(text);
        Assert.Throws<JsonException>(() => BundleElementReader.Read(document.RootElement));
        Assert.ThrowsAny<JsonException>(() => document.RootElement.Deserialize(BundleJsonContext.Default.BundleDocument));
        Assert.Equal("CP0602", Refusal(text));
    }

    [Fact]
    public void A_repeated_unknown_key_is_skipped_by_both_as_the_deserializer_does()
    {
        // Found by the property above: the hook reader refused any repeated key, the deserializer only known ones.
        var text = Bundles.Value[0].TrimEnd()[..^1] + ",\"unknown_vms\": null, \"unknown_vms\": 1}";
        using var document = JsonDocument.Parse(text);
        Assert.Equal(
            BundleWriter.ToText(document.RootElement.Deserialize(BundleJsonContext.Default.BundleDocument)!),
            BundleWriter.ToText(BundleElementReader.Read(document.RootElement)));
    }

    [Fact]
    public void Anything_after_the_bundles_value_is_refused()
    {
        Assert.Equal("CP0602", Refusal(Bundles.Value[0] + "{}"));
        Assert.Equal("CP0602", Refusal(Bundles.Value[0] + "x"));
        Assert.Equal("accepted", Refusal(Bundles.Value[0] + " \n\t"));
    }

    private static string Refusal(string text)
    {
        try
        {
            BundleReader.Parse(Encoding.UTF8.GetBytes(text), "b.json");
            return "accepted";
        }
        catch (Cpupolicy.Core.Diagnostics.DiagnosticException e)
        {
            return e.Diagnostic.Code;
        }
    }
}
