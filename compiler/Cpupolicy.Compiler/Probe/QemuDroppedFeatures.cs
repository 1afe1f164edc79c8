using System.Globalization;
using System.Text.RegularExpressions;
using Cpupolicy.Core.Backends.Qemu;
using Cpupolicy.Core.Database;

namespace Cpupolicy.Compiler.Probe;

/// <summary>
/// Reads QEMU's stderr for the features it was asked for but dropped: because the accelerator cannot give them
/// (<c>warning: TCG doesn't support requested feature: CPUID.07H:EBX.hle [bit 4]</c>; KVM says "host doesn't
/// support"; MSR features read <c>MSR(10AH).rdctl-no [bit 0]</c>), or because a feature they depend on is off
/// (<c>This feature depends on other features that were not requested: CPUID.8000000AH:EDX.npt [bit 0]</c>, printed
/// only for features the <c>-cpu</c> names explicitly). QEMU prints the leaf without its subleaf (<c>CPUID.07H:EAX</c>
/// for leaf 7 subleaf 1), so the feature is found by its QEMU name, and by leaf, register and bit only when the name
/// is missing and that is unambiguous.
/// </summary>
public static partial class QemuDroppedFeatures
{
    public static QemuDropReport Parse(string stderr, FeatureDatabase db)
    {
        var vocabulary = new QemuVocabulary(db);
        var dropped = new List<int>();
        var dependants = new List<int>();
        var unknown = new List<string>();
        foreach (Match m in Warning().Matches(stderr))
        {
            var bit = int.Parse(m.Groups["bit"].Value, CultureInfo.InvariantCulture);
            var name = m.Groups["name"].Success ? m.Groups["name"].Value : null;
            var feature = Resolve(m, name, bit, vocabulary, db);
            if (feature is null)
            {
                unknown.Add(m.Value.Trim());
            }
            else
            {
                (m.Groups["dependency"].Success ? dependants : dropped).Add(feature.Index);
            }
        }

        return new QemuDropReport(FeatureSet.Of(dropped), FeatureSet.Of(dependants), unknown);
    }

    private static FeatureDefinition? Resolve(Match m, string? name, int bit, QemuVocabulary vocabulary, FeatureDatabase db)
    {
        var candidates = m.Groups["msr"].Success
            ? db.FindByMsr(uint.Parse(m.Groups["msr"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture), bit) is { } f ? [f] : []
            : db.Features.Where(f => !f.Location.IsMsr
                && f.Location.Leaf == uint.Parse(m.Groups["leaf"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture)
                && f.Location.Register == Enum.Parse<CpuidRegister>(m.Groups["reg"].Value, ignoreCase: true)
                && f.Location.Bit == bit).ToList();
        if (name is not null && vocabulary.Find(name) is { } named)
        {
            return named;
        }

        return candidates.Count == 1 ? candidates[0] : null;
    }

    [GeneratedRegex(@"(?:(?:TCG|host) doesn't support requested feature|(?<dependency>This feature depends on other features that were not requested)): (?:CPUID\.(?<leaf>[0-9A-Fa-f]+)H:(?<reg>E[ABCD]X)|MSR\((?<msr>[0-9A-Fa-f]+)H\))(?:\.(?<name>[^\s\[]+))? \[bit (?<bit>[0-9]+)\]", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex Warning();
}
