using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cpupolicy.Lsp;

// A keystroke in a 1,000-line policy as an editor sends it: one incremental textDocument/didChange and the
// textDocument/completion the editor asks for at the cursor; then, timed apart, the diagnostics the server publishes
// once the typing pauses (a compilation of the whole document, every stage). Keystrokes alternate between breaking a feature name (the compilation stops at binding, with CP0203)
// and mending it (every stage runs, emission included). Prints the policy's size, then per measure the median, p95
// and max over the keystrokes, and a RESULT line: median keystroke against the 50 ms target.
//   cpupolicy-bench-lsp EXAMPLES_HOSTS_DIR [KEYSTROKES]
var hostsDir = args[0];
var keystrokes = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
var dir = Directory.CreateTempSubdirectory("cpupolicy-bench-lsp-").FullName;
var path = Path.Combine(dir, "fleet.cpupolicy");
var (text, editLine) = Policy(hostsDir);
File.WriteAllText(path, text);
var uri = new Uri(path).AbsoluteUri;

var published = 0;
Action? deferred = null;
// As `cpupolicy lsp` runs it: diagnostics deferred until the typing pauses (StdioServer's debounce); here they run
// right after each keystroke's completion, and are timed on their own.
var server = new LanguageServer((_, _) => published++, (_, action) => deferred = action);
server.Handle("initialize", Json(new JsonObject()));
server.Handle("textDocument/didOpen", Json(new JsonObject
{
    ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "cpupolicy", ["version"] = 1, ["text"] = text },
}));

// `  require sse4.2` on editLine: the keystroke types an `x` after `sse4.2`, then deletes it.
var column = "  require sse4.2".Length;
var change = new List<double>();
var completion = new List<double>();
var total = new List<double>();
var diagnostics = new List<double>();
for (var i = 0; i < keystrokes + 20; i++)
{
    var insert = i % 2 == 0;
    var edit = Json(new JsonObject
    {
        ["textDocument"] = new JsonObject { ["uri"] = uri, ["version"] = i + 2 },
        ["contentChanges"] = new JsonArray(new JsonObject
        {
            ["range"] = Range(editLine, column, editLine, insert ? column : column + 1),
            ["text"] = insert ? "x" : string.Empty,
        }),
    });
    var at = Json(new JsonObject
    {
        ["textDocument"] = new JsonObject { ["uri"] = uri },
        ["position"] = new JsonObject { ["line"] = editLine, ["character"] = insert ? column + 1 : column },
    });
    var clock = Stopwatch.StartNew();
    server.Handle("textDocument/didChange", edit);
    var changed = clock.Elapsed.TotalMilliseconds;
    var items = server.Handle("textDocument/completion", at)!["items"]!.AsArray().Count;
    var done = clock.Elapsed.TotalMilliseconds;
    if (items == 0)
    {
        throw new InvalidOperationException("the completion list is empty");
    }

    var pause = Stopwatch.StartNew();
    deferred?.Invoke();
    var compiled = pause.Elapsed.TotalMilliseconds;
    if (i >= 20)
    {
        // The first 20 warm the JIT up; an editor's server has long been warm when the user types.
        change.Add(changed);
        completion.Add(done - changed);
        total.Add(done);
        diagnostics.Add(compiled);
    }
}

Directory.Delete(dir, recursive: true);
Console.WriteLine($"policy: {text.Split('\n').Length - 1} lines, {keystrokes} keystrokes, {published} diagnostics notifications");
Report("didChange (edit applied)", change);
Report("completion at the cursor (feature names after `require`)", completion);
Report("keystroke (both)", total);
Report("diagnostics once the typing pauses (the whole compilation)", diagnostics);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"RESULT lsp-keystroke time_s={Median(total) / 1000:F6} peer_s=0.050000 ratio={Median(total) / 50:F3} (median keystroke in a 1,000-line policy against the 50 ms target)"));

static void Report(string what, List<double> ms)
{
    var sorted = ms.Order().ToList();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{what}: median {Median(ms):F2} ms, p95 {sorted[(int)(sorted.Count * 0.95)]:F2} ms, max {sorted[^1]:F2} ms"));
}

static double Median(List<double> ms)
{
    var sorted = ms.Order().ToList();
    return sorted[sorted.Count / 2];
}

static JsonElement Json(JsonObject o) => JsonDocument.Parse(o.ToJsonString()).RootElement.Clone();

static JsonObject Range(int l1, int c1, int l2, int c2) => new()
{
    ["start"] = new JsonObject { ["line"] = l1, ["character"] = c1 },
    ["end"] = new JsonObject { ["line"] = l2, ["character"] = c2 },
};

// 1,000 lines: 100 hosts (8 from the examples' inventories, the rest named Intel models), 20 pools, 150 profiles of
// four lines (a baseline of a pool, `require`, `vendor`, the closing brace), 248 VM rules, a default, a target.
static (string Text, int EditLine) Policy(string hostsDir)
{
    var inventories = new[] { "Xeon-E5-2630-v3", "Core-i7-3770", "Xeon-Gold-6148", "Xeon-Gold-6130", "Xeon-Platinum-9242", "Cooperlake", "Ice-Lake-Server", "Xeon-Gold-6148" };
    var models = new[] { "SandyBridge", "IvyBridge", "Haswell", "Broadwell", "Skylake-Server", "Cascadelake-Server" };
    var text = new StringBuilder("# A generated fleet for bench/lsp: 1,000 lines.\n");
    for (var h = 0; h < 100; h++)
    {
        text.Append(h < inventories.Length
            ? $"host h{h} from \"{Path.Combine(hostsDir, $"x86_64-cpuid-{inventories[h]}.xml")}\"\n"
            : $"host h{h} is {models[h % models.Length]}\n");
    }

    for (var p = 0; p < 20; p++)
    {
        text.Append($"pool p{p} = {string.Join(", ", Enumerable.Range(0, 5).Select(k => $"h{(p * 5) + k}"))}\n");
    }

    var editLine = -1;
    for (var r = 0; r < 150; r++)
    {
        text.Append($"profile r{r} = baseline(p{r % 20}) {{\n");
        if (r == 75)
        {
            editLine = text.ToString().Count(c => c == '\n');
        }

        text.Append("  require sse4.2\n  vendor intel\n}\n");
    }

    for (var v = 0; v < 248; v++)
    {
        text.Append($"vm \"app{v}-*\" uses r{v % 150}\n");
    }

    text.Append("default uses r0\ntarget libvirt\n");
    return (text.ToString(), editLine);
}
