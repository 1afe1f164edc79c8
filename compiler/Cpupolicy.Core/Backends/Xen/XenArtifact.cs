using System.Text.RegularExpressions;

namespace Cpupolicy.Core.Backends.Xen;

/// <summary>What only an xl cfg CPUID setting has: a <c>cpuid=</c> line, or a libxl <c>host,...</c> value.</summary>
public static partial class XenArtifact
{
    public static bool Recognize(string text)
    {
        var trimmed = text.Trim();
        return XlCpuid().IsMatch(text) || trimmed.StartsWith("host,", StringComparison.Ordinal) || trimmed.StartsWith("\"host", StringComparison.Ordinal);
    }

    /// <summary>The xend form (<c>cpuid = [ ... ]</c> or a bare list) rather than libxl's string.</summary>
    public static bool IsXendForm(string text) => XendForm().IsMatch(text);

    [GeneratedRegex(@"^\s*cpuid\s*=", RegexOptions.CultureInvariant | RegexOptions.Multiline | RegexOptions.NonBacktracking)]
    private static partial Regex XlCpuid();

    [GeneratedRegex(@"^\s*(cpuid\s*=\s*)?\[", RegexOptions.CultureInvariant | RegexOptions.Multiline | RegexOptions.NonBacktracking)]
    private static partial Regex XendForm();
}
