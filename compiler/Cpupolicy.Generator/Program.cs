using System.Text;

namespace Cpupolicy.Generator;

/// <summary>
/// cpupolicy-gen [--data DIR] [--out DIR] [--check] [--aarch64]
/// Regenerates features.json, models.json and aarch64.json from the real sources (the repository's data/ folder), and
/// database.bin, the binary image of the first two that the build embeds. --aarch64 regenerates aarch64.json alone (no
/// QEMU needed). --check writes nothing: it regenerates in memory, compares with the files in DIR and exits 1 listing
/// the files that differ.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        string? dataDir = null;
        string? outDir = null;
        var check = false;
        var aarch64Only = false;
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
                case "--aarch64":
                    aarch64Only = true;
                    break;
                case "-h" or "--help":
                    Console.WriteLine("usage: cpupolicy-gen [--data DIR] [--out DIR] [--check] [--aarch64]");
                    return 0;
                default:
                    Console.Error.WriteLine($"cpupolicy-gen: unknown argument `{args[i]}`");
                    Console.Error.WriteLine("usage: cpupolicy-gen [--data DIR] [--out DIR] [--check] [--aarch64]");
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

        IReadOnlyList<(string Name, byte[] Content)> files;
        try
        {
            // --aarch64: only aarch64.json, which needs no peer (QEMU, Linux headers).
            files = aarch64Only
                ? [(GeneratedFiles.Aarch64FileName, Encoding.UTF8.GetBytes(DatabaseGenerator.GenerateAarch64(dataDir, Console.Error)))]
                : DatabaseGenerator.Generate(new GeneratorOptions { DataPath = dataDir, Log = Console.Error }).Files;
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or IOException)
        {
            Console.Error.WriteLine($"cpupolicy-gen: {e.Message}");
            return 2;
        }

        if (check)
        {
            var differing = 0;
            foreach (var (name, content) in files)
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
        foreach (var (name, content) in files)
        {
            File.WriteAllBytes(Path.Combine(outDir, name), content);
            Console.Error.WriteLine($"wrote {Path.Combine(outDir, name)}");
        }

        return 0;
    }
}
