using System.Text.RegularExpressions;
using Cpupolicy.Core.Database;

namespace Cpupolicy.Core.Backends.Qemu;

/// <summary>What only a QEMU CPU has: <c>-cpu ...</c>, or one line <c>MODEL,+flag,-flag,key=value</c> that is not hex words.</summary>
public static partial class QemuArtifact
{
    public static bool Recognize(string text)
    {
        var trimmed = text.Trim();
        return trimmed.StartsWith("-cpu", StringComparison.Ordinal)
            || (!trimmed.Contains('\n', StringComparison.Ordinal) && CpuValue().IsMatch(trimmed) && !ArtifactMarks.IsHexWords(trimmed));
    }

    /// <summary>QEMU's <c>vendor=</c> property of <c>-cpu</c> (a model's own vendor does not count, see <see cref="IBackend.StatedVendor"/>).</summary>
    public static (CpuVendor Vendor, string? Evidence) StatedVendor(string text) =>
        ArtifactMarks.Vendor(VendorProperty().Match(text), "the vendor= property of -cpu");

    [GeneratedRegex(@"[,\s]vendor=(?<v>[A-Za-z]+)", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex VendorProperty();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.-]*(,[+-]?[A-Za-z0-9_.-]+(=[A-Za-z0-9_.-]+)?)*$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex CpuValue();
}
