using System.Text.RegularExpressions;

namespace Cpupolicy.Core.Backends.Xapi;

/// <summary>What only a XAPI featureset has: a featureset key (<c>platform:featureset</c>, <c>featureset=</c>, <c>features: hex</c>) or bare hex words.</summary>
public static partial class XapiArtifact
{
    public static bool Recognize(string text) => HasFeaturesetKey(text) || ArtifactMarks.IsHexWords(text.Trim());

    public static bool HasFeaturesetKey(string text) => FeaturesetKey().IsMatch(text);

    [GeneratedRegex(@"platform:featureset|^\s*featureset\s*[=:]|\bfeatures(_[a-z]+)?\s*:\s*[0-9a-fA-F]", RegexOptions.CultureInvariant | RegexOptions.Multiline | RegexOptions.NonBacktracking)]
    private static partial Regex FeaturesetKey();
}
