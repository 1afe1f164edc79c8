using System.Text.Json.Nodes;
using Cpupolicy.Compiler;
using Cpupolicy.Lsp;
using Cpupolicy.Policy.Formatting;
using Cpupolicy.Tests.Infrastructure;
using Xunit;

namespace Cpupolicy.Tests.Lsp;

/// <summary>The language server's features on the compiler's own stages, in-process (tests/editors/ drives it from Neovim).</summary>
public sealed class LanguageServerTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("cpupolicy-lsp-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string Hosts() => Write("hosts.cpupolicy",
        $"host hera from \"{Path.Combine(RepoData.RepoRoot, "policy", "examples", "hosts", "x86_64-cpuid-Xeon-E5-2630-v3.xml")}\"\n" +
        $"host zeus from \"{Path.Combine(RepoData.RepoRoot, "policy", "examples", "hosts", "x86_64-cpuid-Core-i7-3770.xml")}\"\n" +
        "pool homelab = hera, zeus\n");

    private const string Main = "include \"hosts.cpupolicy\"\n\nprofile base = baseline(homelab) {\n  require avx2x\n}\ndefault uses base\n";

    [Fact]
    public void Diagnostics_are_checks_with_code_range_and_hint()
    {
        Hosts();
        var main = Write("main.cpupolicy", Main);
        var session = new LspSession();
        session.Open(main, Main);
        var expected = Compilation.Compile(Main, main).Diagnostics;
        var published = session.Diagnostics(main);
        Assert.Equal(expected.Select(d => d.Code), published.Select(d => d!["code"]!.GetValue<string>()));
        var typo = published.Single()!;
        Assert.Equal("CP0203", typo["code"]!.GetValue<string>());
        Assert.Equal(3, typo["range"]!["start"]!["line"]!.GetValue<int>());
        Assert.Equal(10, typo["range"]!["start"]!["character"]!.GetValue<int>());
        Assert.Equal(15, typo["range"]!["end"]!["character"]!.GetValue<int>());
        Assert.Contains("hint: did you mean `avx2`", typo["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Incremental_changes_edit_the_text_and_republish()
    {
        Hosts();
        var main = Write("main.cpupolicy", Main);
        var session = new LspSession();
        session.Open(main, Main);
        session.Send("textDocument/didChange", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = LspSession.Uri(main), ["version"] = 2 },
            ["contentChanges"] = new JsonArray(new JsonObject
            {
                ["range"] = new JsonObject { ["start"] = Pos(3, 14), ["end"] = Pos(3, 15) },
                ["text"] = string.Empty,
            }),
        });
        var document = session.Server.Workspace.Documents.Find(LspSession.Uri(main))!;
        Assert.Contains("require avx2\n", document.Text, StringComparison.Ordinal);
        Assert.Equal(2, document.Version);
        Assert.DoesNotContain(session.Diagnostics(main), d => d!["code"]!.GetValue<string>() == "CP0203");
    }

    [Fact]
    public void Completion_offers_features_in_every_spelling_with_the_canonical_name()
    {
        var main = Write("main.cpupolicy", "profile p = model(Haswell) {\n  require \n}\n");
        var session = new LspSession();
        session.Open(main, File.ReadAllText(main));
        var items = session.At("textDocument/completion", main, 1, 10)!["items"]!.AsArray();
        Assert.Contains(items, i => i!["label"]!.GetValue<string>() == "avx2");
        // libvirt and Linux spell QEMU's tsc-adjust `tsc_adjust`: both names complete, the other tells the canonical one.
        var other = items.Single(i => i!["label"]!.GetValue<string>() == "tsc_adjust")!;
        Assert.Contains("tsc-adjust (canonical)", other["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(items, i => i!["label"]!.GetValue<string>() == "page1gb");
    }

    [Theory]
    [InlineData("host h is Has", 0, 13, "Haswell")]
    [InlineData("target ", 0, 7, "libvirt")]
    [InlineData("target xen {\n  \n}\n", 1, 2, "format")]
    [InlineData("target xen {\n  format \n}\n", 1, 9, "libxl")]
    [InlineData("", 0, 0, "profile")]
    [InlineData("host a is Haswell\nprofile p = model(Haswell) {\n  \n}\n", 2, 2, "require")]
    [InlineData("host a is Haswell\nprofile p = baseline(", 1, 21, "a")]
    [InlineData("host a is Haswell\nprofile p = baseline(a)\ndefault uses ", 2, 13, "p")]
    [InlineData("profile p = model(Haswell) - {av", 0, 32, "avx")]
    public void Completion_follows_the_context(string text, int line, int character, string expected)
    {
        var main = Write("c.cpupolicy", text);
        var session = new LspSession();
        session.Open(main, text);
        var items = session.At("textDocument/completion", main, line, character)!["items"]!.AsArray();
        Assert.Contains(items, i => i!["label"]!.GetValue<string>() == expected);
    }

    [Fact]
    public void Hover_on_a_feature_names_coordinates_spellings_hosts_and_profiles()
    {
        Hosts();
        var text = "include \"hosts.cpupolicy\"\nprofile base = baseline(hera) {\n  require avx2\n}\n";
        var main = Write("main.cpupolicy", text);
        var session = new LspSession();
        session.Open(main, text);
        var hover = session.At("textDocument/hover", main, 2, 11)!["contents"]!["value"]!.GetValue<string>();
        Assert.Contains("CPUID.(EAX=07H,ECX=0):EBX[5]", hover, StringComparison.Ordinal);
        Assert.Contains("hosts with it: `hera`", hover, StringComparison.Ordinal);
        Assert.Contains("profiles including it: `base`", hover, StringComparison.Ordinal);
        var profile = session.At("textDocument/hover", main, 1, 10)!["contents"]!["value"]!.GetValue<string>();
        Assert.Contains("(profile)", profile, StringComparison.Ordinal);
        Assert.Contains("hosts: `hera`", profile, StringComparison.Ordinal);
    }

    [Fact]
    public void Definition_references_and_rename_span_included_files()
    {
        var hosts = Hosts();
        var text = "include \"hosts.cpupolicy\"\nprofile base = baseline(homelab)\ndefault uses base\n";
        var main = Write("main.cpupolicy", text);
        var session = new LspSession();
        session.Open(main, text);
        var definition = session.At("textDocument/definition", main, 1, 26)!.AsArray().Single()!;
        Assert.Equal(LspSession.Uri(hosts), definition["uri"]!.GetValue<string>());
        Assert.Equal(2, definition["range"]!["start"]!["line"]!.GetValue<int>());
        var references = session.At("textDocument/references", main, 1, 26, new JsonObject { ["context"] = new JsonObject { ["includeDeclaration"] = true } })!.AsArray();
        Assert.Equal(2, references.Count);
        var edit = session.At("textDocument/rename", main, 1, 26, new JsonObject { ["newName"] = "lab" })!["changes"]!.AsObject();
        Assert.Equal([LspSession.Uri(hosts), LspSession.Uri(main)], edit.Select(kv => kv.Key).Order(StringComparer.Ordinal));
        var error = Assert.Throws<LspRequestException>(() => session.At("textDocument/rename", main, 1, 26, new JsonObject { ["newName"] = "base" }));
        Assert.Contains("already declares `base`", error.Message, StringComparison.Ordinal);
        Assert.Throws<LspRequestException>(() => session.At("textDocument/rename", main, 1, 26, new JsonObject { ["newName"] = "profile" }));
    }

    [Fact]
    public void Formatting_is_fmt()
    {
        var text = "host   a is Haswell\nprofile p=model(Haswell)\n";
        var main = Write("f.cpupolicy", text);
        var session = new LspSession();
        session.Open(main, text);
        var edits = session.Send("textDocument/formatting", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = LspSession.Uri(main) } })!.AsArray();
        Assert.Equal(PolicyFormatter.Format(text, main).Text, edits.Single()!["newText"]!.GetValue<string>());
    }

    [Fact]
    public void Shutdown_then_exit_is_exit_code_0()
    {
        var session = new LspSession();
        Assert.NotNull(session.Send("initialize", new JsonObject())!["capabilities"]);
        session.Send("shutdown", null);
        session.Send("exit", null);
        Assert.Equal(0, session.Server.ExitCode);
    }

    private static JsonObject Pos(int line, int character) => new() { ["line"] = line, ["character"] = character };
}
