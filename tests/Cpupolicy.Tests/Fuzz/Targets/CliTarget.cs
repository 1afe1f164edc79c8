using Cpupolicy.Cli;
using Cpupolicy.Cli.Infrastructure;
using Cpupolicy.Tests.Fuzz.Harness;

namespace Cpupolicy.Tests.Fuzz.Targets;

/// <summary>
/// A command of the CLI run in-process on the input written to a file, as an admin would run it: never exit 4
/// (internal failure), never a stack trace, an error names what is wrong with a coded diagnostic, and a failing
/// command leaves no output behind (no partial file, no temp file). Seeds, dictionary and generator are those of the
/// library target it wraps.
/// </summary>
public sealed class CliTarget : FuzzTarget
{
    /// <summary>A valid policy in the scratch folder, for commands that compare two policies.</summary>
    public const string ValidPolicyName = "valid.cpupolicy";

    private readonly FuzzTarget inner;
    private readonly string command;
    private readonly Func<string, string, string[]> arguments;
    private readonly string fileName;
    private readonly Lazy<string> work;

    /// <param name="arguments">The argument list, given the input file and an output folder.</param>
    public CliTarget(FuzzPaths paths, FuzzTarget inner, string command, string fileName, Func<string, string, string[]> arguments)
    {
        this.inner = inner;
        this.command = command;
        this.arguments = arguments;
        this.fileName = fileName;
        work = new Lazy<string>(() => WorkDir(paths));
    }

    public override string Name => "cli-" + command;

    public override string Component => $"compiler/Cpupolicy.Cli: `cpupolicy {string.Join(' ', arguments("FILE", "OUT"))}` (CliApp.Run in-process)";

    public override string Property =>
        "exit 0/1/2/3, never 4; no stack trace on stderr; exit 1 prints a CPnnnn diagnostic; on failure no output file and never a temp file";

    public override string CorpusName => inner.CorpusName;

    public override IReadOnlyList<string> CorpusNames => [.. inner.CorpusNames.Append(Name).Distinct(StringComparer.Ordinal)];

    public override IReadOnlyList<string> Tokens => inner.Tokens;

    public override IReadOnlyList<byte[]> TokenBytes => inner.TokenBytes;

    public override int MaxInputBytes => inner.MaxInputBytes;

    public override bool HasGenerator => inner.HasGenerator;

    public override IEnumerable<string> ExternalSeeds(FuzzPaths paths) => inner.ExternalSeeds(paths);

    public override byte[]? Generate(int seed) => inner.Generate(seed);

    public override string Execute(byte[] input)
    {
        var dir = work.Value;
        var file = Path.Combine(dir, fileName);
        var outDir = Path.Combine(dir, "out");
        if (Directory.Exists(outDir))
        {
            Directory.Delete(outDir, recursive: true);
        }

        File.WriteAllBytes(file, input);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        // Relative paths in the arguments (hosts/..., the valid policy) resolve in the scratch folder.
        var code = CliApp.Run(arguments(file, outDir).Select(a => a.StartsWith("hosts/", StringComparison.Ordinal) || a == ValidPolicyName ? Path.Combine(dir, a) : a).ToArray(), new CliIo(stdout, stderr, new StringReader(string.Empty), StdoutIsTerminal: false));
        var err = stderr.ToString();
        if (code is not (0 or 1 or 2 or 3))
        {
            throw Violation($"`cpupolicy {command}` exited {code}\n{err}");
        }

        if (err.Split('\n').Any(l => l.StartsWith("   at ", StringComparison.Ordinal)))
        {
            throw Violation($"`cpupolicy {command}` printed a stack trace\n{err}");
        }

        if (code == 1 && !HasCode(err) && !HasCode(stdout.ToString()))
        {
            throw Violation($"`cpupolicy {command}` failed without a coded diagnostic\n{err}");
        }

        var leftovers = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".tmp", StringComparison.Ordinal) || (code != 0 && f.StartsWith(outDir, StringComparison.Ordinal)))
            .ToList();
        if (leftovers.Count > 0)
        {
            throw Violation($"`cpupolicy {command}` exited {code} and left {string.Join(", ", leftovers.Select(Path.GetFileName))}");
        }

        var firstCode = err.IndexOf(" CP0", StringComparison.Ordinal);
        return $"{code}:{(firstCode >= 0 && firstCode + 7 <= err.Length ? err.Substring(firstCode + 1, 6) : "-")}";
    }

    /// <summary>A scratch folder with the examples' host files beside the input, so a policy's <c>hosts/...</c> paths resolve.</summary>
    private static string WorkDir(FuzzPaths paths)
    {
        var dir = Directory.CreateTempSubdirectory("cpupolicy-fuzz-cli-").FullName;
        var hosts = paths.Repo("policy", "examples", "hosts");
        if (Directory.Exists(hosts))
        {
            Directory.CreateDirectory(Path.Combine(dir, "hosts"));
            foreach (var file in Directory.EnumerateFiles(hosts))
            {
                File.Copy(file, Path.Combine(dir, "hosts", Path.GetFileName(file)));
            }
        }

        File.WriteAllText(Path.Combine(dir, ValidPolicyName), "host hera from \"hosts/x86_64-cpuid-Xeon-E5-2630-v3.xml\"\nhost zeus is IvyBridge-v2\npool homelab = hera, zeus\nprofile safe = baseline(homelab)\nvm \"web-*\" uses safe\ndefault uses safe\n");
        return dir;
    }

    // CP0xxx and the later ranges alike (CP10xx aarch64, CP11xx authoring).
    private static bool HasCode(string text) => System.Text.RegularExpressions.Regex.IsMatch(text, @"\bCP[0-9]{4}\b", System.Text.RegularExpressions.RegexOptions.NonBacktracking);
}
