using System.Text;

namespace Cpupolicy.Generator;

/// <summary>
/// cpupolicy-gen [--data DIR] [--out DIR] [--check]
/// Regenerates features.json and models.json from the real sources (the repository's data/ folder), and database.bin,
/// the binary image of the two that the build embeds. --check writes nothing: it regenerates in memory, compares with
/// the files in DIR and exits 1 listing the files that differ.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        string? dataDir = null;
        string? outDir = null;
        var check = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--data" when i + 1 < args.Length:
                    dataDir = args[++i];
                    break;
                case "--out" when i + 1 < args.Length:
                    outDir = args[++i];
                    break;
                case "--check":
                    check = true;
                    break;
                case "-h" or "--help":
                    Console.WriteLine("usage: cpupolicy-gen [--data DIR] [--out DIR] [--check]");
                    return 0;
                default:
                    Console.Error.WriteLine($"cpupolicy-gen: unknown argument `{args[i]}`");
                    Console.Error.WriteLine("usage: cpupolicy-gen [--data DIR] [--out DIR] [--check]");
                    return 2;
            }
        }

        var root = RepoPaths.FindRepoRoot(Directory.GetCurrentDirectory()) ?? RepoPaths.FindRepoRoot(AppContext.BaseDirectory);
        if ((dataDir is null || outDir is null) && root is null)
        {
            Console.Error.WriteLine("cpupolicy-gen: not inside the repository; pass --data and --out");
            return 2;
        }

        dataDir ??= Path.Combine(root!, RepoPaths.SourceDataFolder);
        outDir ??= Path.Combine(root!, RepoPaths.DataFolder);

        GeneratedFiles files;
        try
        {
            files = DatabaseGenerator.Generate(new GeneratorOptions { DataPath = dataDir, Log = Console.Error });
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or IOException)
        {
            Console.Error.WriteLine($"cpupolicy-gen: {e.Message}");
            return 2;
        }

        if (check)
        {
            var differing = 0;
            foreach (var (name, content) in files.Files)
            {
                var path = Path.Combine(outDir, name);
                var current = File.Exists(path) ? File.ReadAllBytes(path) : null;
                if (current is not null && current.AsSpan().SequenceEqual(content))
                {
                    continue;
                }

                differing++;
                Console.WriteLine($"differs: {path}");
                IReadOnlyList<string> described = name == GeneratedFiles.ImageFileName
                    ? ["database.bin: differs (it follows the JSON files)"]
                    : DataDiff.Describe(name, current is null ? null : Encoding.UTF8.GetString(current), Encoding.UTF8.GetString(content));
                foreach (var line in described)
                {
                    Console.WriteLine($"  {line}");
                }
            }

            return differing == 0 ? 0 : 1;
        }

        Directory.CreateDirectory(outDir);
        foreach (var (name, content) in files.Files)
        {
            File.WriteAllBytes(Path.Combine(outDir, name), content);
            Console.Error.WriteLine($"wrote {Path.Combine(outDir, name)}");
        }

        return 0;
    }
}
