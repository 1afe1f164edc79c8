using System.Text.RegularExpressions;
using Cpupolicy.Core.Database;

namespace Cpupolicy.Core.Backends;

/// <summary>Marks more than one format's recognizer asks about.</summary>
public static partial class ArtifactMarks
{
    /// <summary>Hex words (a featureset): XAPI's form, which a QEMU value never is.</summary>
    public static bool IsHexWords(string trimmed) => Hex().IsMatch(trimmed);

    /// <summary>The vendor a recognizer's match names in its group <c>v</c>, with the evidence, or (Unknown, null).</summary>
    public static (CpuVendor Vendor, string? Evidence) Vendor(Match match, string evidence) =>
        match.Success && CpuVendors.Parse(match.Groups["v"].Value) is var v && v != CpuVendor.Unknown ? (v, evidence) : (CpuVendor.Unknown, null);

    [GeneratedRegex(@"^[0-9a-fA-F]{1,8}([-:][0-9a-fA-F]{1,8})+$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex Hex();
}
