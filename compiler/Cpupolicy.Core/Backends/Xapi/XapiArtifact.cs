using System.Text.RegularExpressions;
using Cpupolicy.Core.Database;

namespace Cpupolicy.Core.Backends.Xapi;

/// <summary>What only a XAPI featureset has: a featureset key (<c>platform:featureset</c>, <c>featureset=</c>, <c>features: hex</c>) or bare hex words.</summary>
public static partial class XapiArtifact
{
    public static bool Recognize(string text) => HasFeaturesetKey(text) || ArtifactMarks.IsHexWords(text.Trim());

    public static bool HasFeaturesetKey(string text) => FeaturesetKey().IsMatch(text);

    /// <summary>The <c>vendor</c> key of XAPI's <c>last_boot_CPU_flags</c> (<c>vendor: GenuineIntel; features: ...</c>).</summary>
    public static (CpuVendor Vendor, string? Evidence) StatedVendor(string text) =>
        ArtifactMarks.Vendor(VendorKey().Match(text), "the vendor key of last_boot_CPU_flags");

    /// <summary>Whether XAPI's <c>last_boot_CPU_flags</c> (<c>vendor: ...; features: hex</c>) records the featureset the VM booted with.</summary>
    public static bool HasBootFeatures(string flags) => BootFeatures().IsMatch(flags);

    [GeneratedRegex(@"(^|;)\s*features\s*:\s*[0-9a-fA-F]", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex BootFeatures();

    [GeneratedRegex(@"\bvendor\s*[:=]\s*(?<v>[A-Za-z]+)", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex VendorKey();

    [GeneratedRegex(@"platform:featureset|^\s*featureset\s*[=:]|\bfeatures(_[a-z]+)?\s*:\s*[0-9a-fA-F]", RegexOptions.CultureInvariant | RegexOptions.Multiline | RegexOptions.NonBacktracking)]
    private static partial Regex FeaturesetKey();
}
