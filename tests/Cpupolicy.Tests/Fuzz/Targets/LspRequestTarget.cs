using System.Text.Json;
using System.Text.Json.Nodes;
using Cpupolicy.Lsp;
using Cpupolicy.Tests.Fuzz.Harness;

namespace Cpupolicy.Tests.Fuzz.Targets;

/// <summary>
/// The language server's request handling (<see cref="LanguageServer.Handle"/>, what <c>cpupolicy lsp</c> runs for
/// every message). An input is a session, one message per line: <c>METHOD PARAMS-JSON</c>; a line whose JSON does
/// not parse sends no params, so every method also meets missing and mistyped params. <c>@EXAMPLES@</c> in a line
/// is the policy/examples folder, so sessions can open policies whose hosts and includes resolve.
/// </summary>
public sealed class LspRequestTarget(FuzzPaths paths) : FuzzTarget
{
    public override string Name => "lsp-request";

    public override string Component => "compiler/Cpupolicy.Lsp/LanguageServer.Handle";

    public override string Property =>
        "no exception but a refused request (LspRequestException); every published diagnostic range lies within its document";

    public override IReadOnlyList<string> Tokens =>
    [
        .. LanguageServer.Requests.Select(m => m + " "), .. LanguageServer.Notifications.Select(m => m + " "),
        "\"position\":{\"line\":0,\"character\":3}", "\"range\":{\"start\":{\"line\":1,\"character\":0},\"end\":{\"line\":1,\"character\":4}}",
        "\"textDocument\":{\"uri\":\"file://@EXAMPLES@/fuzz.cpupolicy\"}", "\"newName\":\"x\"", "\"text\":\"", "\"contentChanges\":[",
        "-1", "2147483647", "null", "[]", "{}", "\\n", .. FuzzTokens.Policy,
    ];

    public override string Execute(byte[] input)
    {
        var examples = paths.Repo("policy", "examples");
        var published = new List<JsonObject>();
        var server = new LanguageServer((_, p) => published.Add(p));
        var outcome = new List<string>();
        foreach (var raw in Text(input).Replace("@EXAMPLES@", examples, StringComparison.Ordinal).Split('\n').Take(200))
        {
            var line = raw.TrimEnd('\r');
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var method = space < 0 ? line : line[..space];
            JsonElement? parameters = null;
            if (space >= 0)
            {
                try
                {
                    parameters = JsonDocument.Parse(line[(space + 1)..], new JsonDocumentOptions { MaxDepth = 64 }).RootElement.Clone();
                }
                catch (JsonException)
                {
                    parameters = null;
                }
            }

            try
            {
                var result = server.Handle(method, parameters);
                outcome.Add(result is null ? "null" : result.GetValueKind().ToString());
            }
            catch (LspRequestException e)
            {
                outcome.Add("refused:" + e.Code);
            }
        }

        foreach (var notification in published)
        {
            CheckRanges(server, notification);
        }

        return string.Join(",", outcome.Distinct().Order(StringComparer.Ordinal));
    }

    private static void CheckRanges(LanguageServer server, JsonObject notification)
    {
        var uri = notification["uri"]?.GetValue<string>();
        if (server.Workspace.Documents.Find(uri) is not { } document || notification["version"]?.GetValue<int>() != document.Version)
        {
            return; // closed or edited since: its ranges were for an older text
        }

        foreach (var d in notification["diagnostics"]?.AsArray() ?? [])
        {
            var start = d!["range"]!["start"]!;
            var end = d["range"]!["end"]!;
            var (sl, sc, el, ec) = (start["line"]!.GetValue<int>(), start["character"]!.GetValue<int>(), end["line"]!.GetValue<int>(), end["character"]!.GetValue<int>());
            if (sl < 0 || sc < 0 || el < sl || (el == sl && ec < sc) || el >= document.Lines.LineCount)
            {
                throw Violation($"diagnostic {d["code"]} has range {sl}:{sc}-{el}:{ec} outside the {document.Lines.LineCount}-line document");
            }
        }
    }
}
