using System.Text.RegularExpressions;

namespace Cpupolicy.Core.Backends;

/// <summary>Marks more than one format's recognizer asks about.</summary>
public static partial class ArtifactMarks
{
    /// <summary>Hex words (a featureset): XAPI's form, which a QEMU value never is.</summary>
    public static bool IsHexWords(string trimmed) => Hex().IsMatch(trimmed);

    [GeneratedRegex(@"^[0-9a-fA-F]{1,8}([-:][0-9a-fA-F]{1,8})+$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex Hex();
}
