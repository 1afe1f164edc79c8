using System.Globalization;
using Cpupolicy.Core.Diagnostics;

namespace Cpupolicy.Core.Backends.Xapi;

/// <summary>
/// A Xen featureset as XAPI writes it: 8-digit lower-case hex words, word 0 first, joined by <c>-</c>
/// (<c>cpuid.ml: string_of_features</c>). XAPI and xenguest also read <c>:</c>; shorter strings mean zero-extended.
/// </summary>
public static class Featureset
{
    /// <summary>More words than any Xen will ever have; bounds the work a hostile string can cause.</summary>
    public const int MaxWords = 256;

    public static string Format(IReadOnlyList<uint> words) =>
        string.Join("-", words.Select(w => w.ToString("x8", CultureInfo.InvariantCulture)));

    /// <summary>
    /// Parses a featureset (<c>""</c> is the empty set). <paramref name="column"/> is where it starts in
    /// <paramref name="line"/> of <paramref name="source"/>, for diagnostics.
    /// </summary>
    public static uint[] Parse(string text, string source, int line, int column)
    {
        if (text.Length == 0)
        {
            return [];
        }

        var pieces = text.Split('-', ':');
        if (pieces.Length > MaxWords)
        {
            throw ArtifactErrors.At(DiagnosticCatalog.FeaturesetMalformed, source, line, column, text.Length,
                $"the featureset has {pieces.Length} words; Xen's has fewer than {MaxWords}", null);
        }

        var words = new uint[pieces.Length];
        var offset = 0;
        for (var i = 0; i < pieces.Length; i++)
        {
            var piece = pieces[i];
            if (piece.Length is 0 or > 8
                || !uint.TryParse(piece, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out words[i]))
            {
                throw ArtifactErrors.At(DiagnosticCatalog.FeaturesetMalformed, source, line, column + offset, Math.Max(piece.Length, 1),
                    $"word {i} `{piece}` is not 1 to 8 hex digits",
                    "a featureset reads like 1fcbfbff-f7fa3223-2c100800-... (hex words joined by - or :)");
            }

            offset += piece.Length + 1;
        }

        return words;
    }
}
