using System.Resources;
using Cpupolicy.Core.Database;
using Iced.Intel;

namespace Cpupolicy.Compiler.Audit;

/// <summary>
/// Iced's CPUID features mapped onto the feature database, from the data file <c>iced-cpuid-features.tsv</c>
/// (embedded through <c>IcedCpuidFeatures.resx</c>). A feature row says which database features an instruction needs;
/// a <c>code:</c> row exempts one instruction that runs as a NOP without its feature. An Iced feature the file does not
/// list (a newer Iced) counts as unnamed, so no instruction is ever dropped silently.
/// </summary>
public sealed class IcedFeatureMap
{
    private static readonly Lazy<IcedFeatureMap> DefaultLazy = new(() => Parse(ReadEmbedded(), FeatureDatabase.Default));

    private readonly Dictionary<CpuidFeature, IcedFeatureMapping> features;
    private readonly Dictionary<Code, string> exemptCodes;

    private IcedFeatureMap(Dictionary<CpuidFeature, IcedFeatureMapping> features, Dictionary<Code, string> exemptCodes)
    {
        this.features = features;
        this.exemptCodes = exemptCodes;
    }

    /// <summary>The mapping built into this release, against <see cref="FeatureDatabase.Default"/>.</summary>
    public static IcedFeatureMap Default => DefaultLazy.Value;

    /// <summary>Every row of the file, by Iced feature.</summary>
    public IReadOnlyDictionary<CpuidFeature, IcedFeatureMapping> Features => features;

    /// <summary>Instructions that need nothing from the CPU although Iced names a feature for them, with why.</summary>
    public IReadOnlyDictionary<Code, string> ExemptCodes => exemptCodes;

    /// <summary>The row of an Iced feature; a feature without a row is unnamed.</summary>
    public IcedFeatureMapping this[CpuidFeature feature] =>
        features.TryGetValue(feature, out var m) ? m : new IcedFeatureMapping(feature, IcedMappingKind.Unnamed, FeatureSet.Empty, "not in the mapping file");

    public bool IsExempt(Code code) => exemptCodes.ContainsKey(code);

    /// <summary>Parses the mapping file; a malformed row, an unknown name or a duplicate throws with its line number.</summary>
    public static IcedFeatureMap Parse(string text, FeatureDatabase db)
    {
        var features = new Dictionary<CpuidFeature, IcedFeatureMapping>();
        var exempt = new Dictionary<Code, string>();
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var columns = line.Split('\t');
            if (columns.Length != 3 || columns[2].Trim().Length == 0)
            {
                throw Bad(lineNumber, "expected three tab-separated columns: Iced feature, features, why");
            }

            var (key, value, reason) = (columns[0].Trim(), columns[1].Trim(), columns[2].Trim());
            if (key.StartsWith("code:", StringComparison.Ordinal))
            {
                var code = ParseEnum<Code>(key["code:".Length..], lineNumber);
                if (value != "-")
                {
                    throw Bad(lineNumber, "a code: row exempts an instruction; its second column must be `-`");
                }

                if (!exempt.TryAdd(code, reason))
                {
                    throw Bad(lineNumber, $"{code} is listed twice");
                }

                continue;
            }

            var feature = ParseEnum<CpuidFeature>(key, lineNumber);
            var mapping = value switch
            {
                "-" => new IcedFeatureMapping(feature, IcedMappingKind.Baseline, FeatureSet.Empty, reason),
                "?" => new IcedFeatureMapping(feature, IcedMappingKind.Unnamed, FeatureSet.Empty, reason),
                _ => new IcedFeatureMapping(feature, IcedMappingKind.Features, ParseFeatures(value, db, lineNumber), reason),
            };
            if (!features.TryAdd(feature, mapping))
            {
                throw Bad(lineNumber, $"{feature} is listed twice");
            }
        }

        return new IcedFeatureMap(features, exempt);
    }

    private static FeatureSet ParseFeatures(string value, FeatureDatabase db, int lineNumber) =>
        FeatureSet.Of(value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(name =>
            db.ByCanonicalName(name)?.Index
                ?? throw Bad(lineNumber, $"`{name}` is not a canonical feature name of the database")));

    private static T ParseEnum<T>(string name, int lineNumber)
        where T : struct, Enum
    {
        // Enum.TryParse also takes numbers and comma lists; the file names members only.
        if (name.Length == 0 || !char.IsLetter(name[0]) || name.Contains(',', StringComparison.Ordinal)
            || !Enum.TryParse<T>(name, ignoreCase: false, out var value) || !Enum.IsDefined(value))
        {
            throw Bad(lineNumber, $"`{name}` is not an Iced {typeof(T).Name}");
        }

        return value;
    }

    private static InvalidDataException Bad(int line, string message) => new($"iced-cpuid-features.tsv:{line}: {message}");

    private static string ReadEmbedded() =>
        new ResourceManager("Cpupolicy.Compiler.Audit.IcedCpuidFeatures", typeof(IcedFeatureMap).Assembly).GetString("Table")
            ?? throw new InvalidOperationException("the embedded iced-cpuid-features.tsv is missing from the build");
}
