using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cpupolicy.Core.Database;

namespace Cpupolicy.Generator.Sources;

/// <summary>
/// Reads Xen's featureset tables (<c>data/xen/featureset-X.Y.Z.json</c>, one per release; the master snapshot is
/// not a release and is skipped).
/// </summary>
public static partial class XenSource
{
    /// <summary>
    /// libxl accepts the generated <c>cpufeatureset.h</c> names only since 4.17.2 (Xen commit d638fe233c, backported
    /// as 7374a8d770 with XSA-435). Older releases knew only a hand-written table that the featureset files do not
    /// describe, so their <c>libxl_name</c> fields are not what that libxl accepts and are not used.
    /// </summary>
    public static readonly Version FirstReleaseWithGeneratedNames = new(4, 17, 2);

    /// <summary>
    /// libxl's legacy table wins over the generated names, and its <c>clflush</c> is the 8-bit CLFLUSH line-size
    /// field of leaf 1 EBX. The CLFLUSH feature bit is reachable only as <c>clfsh</c> (xl.cfg(5): "The feature flag
    /// must be referenced as clfsh"); the featureset files still list <c>clflush</c>.
    /// </summary>
    public const string ShadowedKey = "clflush";

    public const string ShadowedKeyReplacement = "clfsh";

    public static IReadOnlyList<XenFeatureset> Load(string xenDir)
    {
        var result = new List<XenFeatureset>();
        foreach (var path in Directory.GetFiles(xenDir, "featureset-*.json").Order(StringComparer.Ordinal))
        {
            var m = ReleaseFile().Match(Path.GetFileName(path));
            if (m.Success)
            {
                result.Add(LoadOne(m.Groups[1].Value, path));
            }
        }

        if (result.Count == 0)
        {
            throw new InvalidDataException($"no featureset-X.Y.Z.json in {xenDir}");
        }

        return result.OrderBy(r => Version.Parse(r.Release)).ToList();
    }

    public static bool HasGeneratedLibxlNames(string release) => Version.Parse(release) >= FirstReleaseWithGeneratedNames;

    private static XenFeatureset LoadOne(string release, string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;
        var words = new Dictionary<int, (Func<int, Coordinate> At, string Source)>();
        foreach (var w in root.GetProperty("words").EnumerateArray())
        {
            var source = w.GetProperty("source").GetString()!;
            words[w.GetProperty("index").GetInt32()] = (ParseWordSource(source), source);
        }

        var withKeys = HasGeneratedLibxlNames(release);
        var features = new List<XenFeature>();
        foreach (var f in root.GetProperty("features").EnumerateArray())
        {
            var word = f.GetProperty("word").GetInt32();
            var bit = f.GetProperty("bit").GetInt32();
            var key = withKeys ? f.GetProperty("libxl_name").GetString() : null;
            if (key == ShadowedKey)
            {
                key = ShadowedKeyReplacement;
            }

            features.Add(new XenFeature(
                f.GetProperty("name").GetString()!,
                word,
                bit,
                f.GetProperty("attrs").GetString() ?? string.Empty,
                key,
                (f.GetProperty("desc").GetString() ?? string.Empty).Trim(),
                words[word].At(bit)));
        }

        // Xen's deps map prerequisite -> direct dependants; the database wants dependant -> prerequisites.
        var requires = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var dep in root.GetProperty("deps").EnumerateObject())
        {
            foreach (var dependant in dep.Value.EnumerateArray())
            {
                var name = dependant.GetString()!;
                if (!requires.TryGetValue(name, out var list))
                {
                    requires[name] = list = [];
                }

                list.Add(dep.Name);
            }
        }

        return new XenFeatureset(
            release,
            features,
            requires.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value, StringComparer.Ordinal))
        {
            Words = words.ToDictionary(w => w.Key, w => w.Value.Source),
            WordCount = root.GetProperty("nr_entries").GetInt32(),
        };
    }

    /// <summary>"CPUID 0x00000007:0.ebx" or "MSR_ARCH_CAPS 0x10a.edx" → bit → coordinate (an MSR's edx half is bits 32..63).</summary>
    public static Func<int, Coordinate> ParseWordSource(string source)
    {
        var c = CpuidWord().Match(source);
        if (c.Success)
        {
            var leaf = uint.Parse(c.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            uint? subleaf = c.Groups[2].Success ? uint.Parse(c.Groups[2].Value, CultureInfo.InvariantCulture) : null;
            var reg = Enum.Parse<CpuidRegister>(c.Groups[3].Value, ignoreCase: true);
            return bit => Coordinate.Cpuid(leaf, subleaf, reg, bit);
        }

        var m = MsrWord().Match(source);
        if (m.Success)
        {
            var index = uint.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var offset = m.Groups[2].Value == "edx" ? 32 : 0;
            return bit => Coordinate.ForMsr(index, bit + offset);
        }

        throw new InvalidDataException($"unknown Xen featureset word source `{source}`");
    }

    [GeneratedRegex(@"^featureset-(\d+\.\d+\.\d+)\.json$")]
    private static partial Regex ReleaseFile();

    [GeneratedRegex(@"^CPUID 0x([0-9A-Fa-f]+)(?::(\d+))?\.(e[abcd]x)$")]
    private static partial Regex CpuidWord();

    [GeneratedRegex(@"^MSR\S* 0x([0-9A-Fa-f]+)\.(eax|edx)$")]
    private static partial Regex MsrWord();
}
